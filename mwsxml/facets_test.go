package mwsxml

import (
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFacetViolations crafts one violation per constraint kind into a
// sample feed and checks that Validate rejects it, naming the facet, the
// MessageID and the element path, and that the real oracle (xmllint)
// rejects the same document. Validate runs on the parsed envelope, before
// anything could be uploaded; EnvelopeWriter refuses to write the message.
func TestFacetViolations(t *testing.T) {
	long := strings.Repeat("x", 51)
	cases := []struct {
		facet, sample, old, new string
		msgID, path             string
		lint                    string // what xmllint must say about the document
	}{
		{"pattern", "order_fulfillment", "<AmazonOrderID>112-3456789-0123456</AmazonOrderID>", "<AmazonOrderID>A</AmazonOrderID>",
			"1", "AmazonEnvelope/Message[1]/OrderFulfillment/AmazonOrderID", "Element 'AmazonOrderID': [facet 'pattern']"},
		{"enumeration", "order_acknowledgement", "<StatusCode>Failure</StatusCode>", "<StatusCode>Maybe</StatusCode>",
			"2", "AmazonEnvelope/Message[2]/OrderAcknowledgement/StatusCode", "Element 'StatusCode': [facet 'enumeration']"},
		{"length", "product", "<FEDAS_ID>123456</FEDAS_ID>", "<FEDAS_ID>12345</FEDAS_ID>",
			"2", "AmazonEnvelope/Message[2]/Product/DescriptionData/FEDAS_ID", "Element 'FEDAS_ID': [facet 'length']"},
		{"minLength", "order_adjustment", "<MerchantAdjustmentItemID>ADJ-1</MerchantAdjustmentItemID>", "<MerchantAdjustmentItemID></MerchantAdjustmentItemID>",
			"1", "AmazonEnvelope/Message[1]/OrderAdjustment/AdjustedItem[1]/MerchantAdjustmentItemID", "Element 'MerchantAdjustmentItemID': [facet 'minLength']"},
		{"maxLength", "order_fulfillment", "<ShippingMethod>USPS First Class</ShippingMethod>", "<ShippingMethod>" + long + "</ShippingMethod>",
			"1", "AmazonEnvelope/Message[1]/OrderFulfillment/FulfillmentData/ShippingMethod", "Element 'ShippingMethod': [facet 'maxLength']"},
		{"totalDigits", "price", "<StandardPrice currency=\"EUR\">21.0000</StandardPrice>", "<StandardPrice currency=\"EUR\">21.0000</StandardPrice><StandardPricePoints>1234567890123</StandardPricePoints>",
			"2", "AmazonEnvelope/Message[2]/Price/StandardPricePoints", "Element 'StandardPricePoints': [facet 'totalDigits']"},
		{"fractionDigits", "order_adjustment", "<Amount currency=\"USD\">12.50</Amount>", "<Amount currency=\"USD\">12.505</Amount>",
			"1", "AmazonEnvelope/Message[1]/OrderAdjustment/AdjustedItem[1]/ItemPriceAdjustments/Component[1]/Amount", "Element 'Amount': [facet 'fractionDigits']"},
		{"minInclusive", "product", "<PackageWeight unitOfMeasure=\"KG\">0.45</PackageWeight>", "<PackageWeight unitOfMeasure=\"KG\">-0.45</PackageWeight>",
			"1", "AmazonEnvelope/Message[1]/Product/DescriptionData/PackageWeight", "Element 'PackageWeight': [facet 'minInclusive']"},
		{"maxInclusive", "product", "<RecycledContentPercentage>35.50</RecycledContentPercentage>", "<RecycledContentPercentage>100.01</RecycledContentPercentage>",
			"2", "AmazonEnvelope/Message[2]/Product/ProductData/Office/ProductType/ArtSupplies/RecycledContentPercentage", "Element 'RecycledContentPercentage': [facet 'maxInclusive']"},
		{"minExclusive", "product", "<BatteryAverageLife>12.50</BatteryAverageLife>", "<BatteryAverageLife>0.00</BatteryAverageLife>",
			"2", "AmazonEnvelope/Message[2]/Product/ProductData/Office/BatteryAverageLife", "Element 'BatteryAverageLife': [facet 'minExclusive']"},
		{"minInclusive", "order_fulfillment", "<Quantity>2</Quantity>", "<Quantity>0</Quantity>",
			"1", "AmazonEnvelope/Message[1]/OrderFulfillment/Item[1]/Quantity", "Element 'Quantity': '0' is not a valid value of the atomic type 'xs:positiveInteger'"},
		{"minOccurs", "price", "<SalePrice currency=\"USD\">14.9900</SalePrice>", "",
			"1", "AmazonEnvelope/Message[1]/Price/Sale/SalePrice", "Element 'Sale': Missing child element(s). Expected is ( SalePrice )"},
		{"maxOccurs", "product", "<BulletPoint>Dishwasher safe</BulletPoint>", strings.Repeat("<BulletPoint>Dishwasher safe</BulletPoint>", 5),
			"1", "AmazonEnvelope/Message[1]/Product/DescriptionData/BulletPoint", "Element 'BulletPoint': This element is not expected."},
		{"choice", "order_fulfillment", "<AmazonOrderID>112-3456789-0123456</AmazonOrderID>", "<AmazonOrderID>112-3456789-0123456</AmazonOrderID><MerchantOrderID>M-1</MerchantOrderID>",
			"1", "AmazonEnvelope/Message[1]/OrderFulfillment", "Element 'MerchantOrderID': This element is not expected."},
		{"choice", "inventory", "<Available>false</Available>", "",
			"2", "AmazonEnvelope/Message[2]/Inventory", "Element 'Inventory': Missing child element(s)."},
		{"lexical", "inventory", "<RestockDate>2024-04-01</RestockDate>", "<RestockDate>2024-13-01</RestockDate>",
			"1", "AmazonEnvelope/Message[1]/Inventory/RestockDate", "Element 'RestockDate': '2024-13-01' is not a valid value of the atomic type 'xs:date'"},
	}
	dir := t.TempDir()
	var docs []string
	for i, c := range cases {
		data, err := os.ReadFile(filepath.Join("testdata", "feeds", c.sample+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), c.old) {
			t.Fatalf("%s: %q not in %s", c.facet, c.old, c.sample)
		}
		doc := strings.Replace(string(data), c.old, c.new, 1)
		p := filepath.Join(dir, c.facet+"-"+string(rune('a'+i))+".xml")
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, p)

		var env AmazonEnvelope
		if err := xml.Unmarshal([]byte(doc), &env); err != nil {
			// A malformed lexical value may already fail decoding; that is
			// caught before upload too, but every case here must reach
			// Validate.
			t.Fatalf("%s: unmarshal: %v", c.facet, err)
		}
		err = env.Validate()
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: Validate = %v, want a *ValidationError", c.facet, err)
			continue
		}
		found := false
		for _, v := range ve.Violations {
			if v.Facet == c.facet && v.MessageID == c.msgID && v.Path == c.path {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no violation {facet %s, MessageID %s, path %s} in %v", c.facet, c.facet, c.msgID, c.path, err)
		}
		if !strings.Contains(err.Error(), "MessageID "+c.msgID+": "+c.path) {
			t.Errorf("%s: error text %q does not name the MessageID and path", c.facet, err)
		}

		// The writer refuses the message.
		head := env
		head.Message = nil
		w, err := NewEnvelopeWriter(new(strings.Builder), &head)
		if err != nil {
			t.Fatal(err)
		}
		var writeErr error
		for j := range env.Message {
			m := env.Message[j]
			if _, err := w.Write(&m); err != nil {
				writeErr = err
			}
		}
		if !errors.As(writeErr, &ve) {
			t.Errorf("%s: EnvelopeWriter.Write accepted the invalid message (err %v)", c.facet, writeErr)
		}
	}
	// The oracle agrees that every crafted document is invalid.
	failed := schemaValid(t, docs...)
	for i, p := range docs {
		msg, bad := failed[p]
		switch {
		case !bad:
			t.Errorf("%s: xmllint accepts the crafted document, so the case proves nothing", cases[i].facet)
		case !strings.Contains(msg, cases[i].lint):
			t.Errorf("%s: xmllint rejects the document for another reason:\n%s\nwant %q", cases[i].facet, msg, cases[i].lint)
		}
	}
}
