package naming

import "testing"

func TestExported(t *testing.T) {
	cases := map[string]string{
		"rawMessageBody":              "RawMessageBody",
		"id":                          "ID",
		"fileName":                    "FileName",
		"confirmCustomizationDetails": "ConfirmCustomizationDetails",
		"order-id":                    "OrderID",
		"HTTPServer":                  "HTTPServer",
		"ASINList":                    "ASINList",
		"uploadDestinationId":         "UploadDestinationID",
		"3PL":                         "X3PL",
		"":                            "X",
		"sku":                         "SKU",
		"MerchantFulfillmentID":       "MerchantFulfillmentID",
		"amazon_order_id":             "AmazonOrderID",
	}
	for in, want := range cases {
		if got := Exported(in); got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnexported(t *testing.T) {
	cases := map[string]string{"OrderID": "orderID", "type": "type_", "URL": "url", "fileName": "fileName"}
	for in, want := range cases {
		if got := Unexported(in); got != want {
			t.Errorf("Unexported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPackageName(t *testing.T) {
	cases := map[string]string{
		"ordersV0.json":                    "ordersv0",
		"orders_2026-01-01.json":           "orders20260101",
		"a/b/catalogItems_2022-04-01.json": "catalogitems20220401",
		"2020.json":                        "p2020",
		"type.json":                        "typepkg",
	}
	for in, want := range cases {
		if got := PackageName(in); got != want {
			t.Errorf("PackageName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSetUnique(t *testing.T) {
	var s Set
	s.Reserve("Error")
	if got := s.Unique("Error"); got != "Error2" {
		t.Fatalf("got %q", got)
	}
	if got := s.Unique("Foo"); got != "Foo" {
		t.Fatalf("got %q", got)
	}
	if got := s.Unique("Foo"); got != "Foo2" {
		t.Fatalf("got %q", got)
	}
}
