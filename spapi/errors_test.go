package spapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCheckResponse(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header map[string]string
		body   string
		want   Error
		text   string
	}{
		{
			name: "errors array", status: 400,
			header: map[string]string{"x-amzn-RequestId": "r-1", "x-amzn-RateLimit-Limit": "0.5"},
			body:   `{"errors":[{"code":"InvalidInput","message":"Invalid MarketplaceIds","details":"ATVPDKIKX0DERX"},{"code":"Second","message":"m2"}]}`,
			want: Error{StatusCode: 400, RequestID: "r-1", RateLimit: 0.5, Operation: "ordersv0.getOrders", Method: "GET", Path: "/orders/v0/orders",
				Errors: []ErrorDetail{{"InvalidInput", "Invalid MarketplaceIds", "ATVPDKIKX0DERX"}, {"Second", "m2", ""}}},
			text: "spapi: ordersv0.getOrders: HTTP 400 Bad Request: InvalidInput Invalid MarketplaceIds (ATVPDKIKX0DERX); Second m2 [request r-1]",
		},
		{
			name: "throttled", status: 429, header: map[string]string{"Retry-After": "2"},
			body: `{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource."}]}`,
			want: Error{StatusCode: 429, RetryAfter: 2, Operation: "ordersv0.getOrders", Method: "GET", Path: "/orders/v0/orders",
				Errors: []ErrorDetail{{"QuotaExceeded", "You exceeded your quota for the requested resource.", ""}}},
		},
		{
			name: "details as an object", status: 422,
			body: `{"errors":[{"code":"InvalidInput","message":"bad","details":{"field":"sku"}}]}`,
			want: Error{StatusCode: 422, Operation: "ordersv0.getOrders", Method: "GET", Path: "/orders/v0/orders",
				Errors: []ErrorDetail{{"InvalidInput", "bad", `{"field":"sku"}`}}},
		},
		{
			name: "errors as one object", status: 404,
			body: `{"errors":{"code":"NotFound","message":"missing"}}`,
			want: Error{StatusCode: 404, Operation: "ordersv0.getOrders", Method: "GET", Path: "/orders/v0/orders",
				Errors: []ErrorDetail{{"NotFound", "missing", ""}}},
		},
		{
			name: "not JSON", status: 502, body: `<html>Bad Gateway</html>`,
			want: Error{StatusCode: 502, Operation: "ordersv0.getOrders", Method: "GET", Path: "/orders/v0/orders"},
			text: "spapi: ordersv0.getOrders: HTTP 502 Bad Gateway",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			resp, err := http.DefaultClient.Do(opRequest(t, t.Context(), opGetOrders, srv.URL+"/orders/v0/orders", nil))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			err = CheckResponse(resp, nil)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v", err)
			}
			got, _ := json.Marshal(e)
			want, _ := json.Marshal(tc.want)
			if string(got) != string(want) {
				t.Fatalf("error = %s\nwant    %s", got, want)
			}
			if tc.text != "" && e.Error() != tc.text {
				t.Fatalf("text = %q\nwant   %q", e.Error(), tc.text)
			}
			// The body stays readable for the caller.
			if b, _ := io.ReadAll(resp.Body); string(b) != tc.body {
				t.Fatalf("body after CheckResponse = %q", b)
			}
			if IsThrottled(err) != (tc.status == 429) || IsNotFound(err) != (tc.status == 404) || IsRetryable(err) != (tc.status == 429 || tc.status >= 500) {
				t.Fatalf("helpers disagree for %d", tc.status)
			}
			wrapped := fmt.Errorf("listing orders: %w", err)
			if !errors.As(wrapped, &e) || IsThrottled(wrapped) != (tc.status == 429) {
				t.Fatal("helpers do not see through wrapping")
			}
		})
	}
}

func TestRegions(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range Marketplaces() {
		if seen[m.ID] {
			t.Fatalf("duplicate marketplace %s", m.ID)
		}
		seen[m.ID] = true
		if r, ok := MarketplaceRegion(m.ID); !ok || r != m.Region {
			t.Fatalf("%s: region %v", m.ID, r)
		}
	}
	for id, want := range map[string]string{"A2EUQ1WTGCTBG2": "NA", "A2Q3Y263D00KWC": "NA", "A1F83G8C2ARO7P": "EU", "A21TJRUUN4KGV": "EU", "A39IBJ37TRP1C6": "FE", "A19VAU5U5O7RUS": "FE"} {
		if r, _ := MarketplaceRegion(id); r.Name != want {
			t.Fatalf("%s in %s, want %s", id, r.Name, want)
		}
	}
	if _, ok := MarketplaceRegion("NOPE"); ok {
		t.Fatal("unknown marketplace found")
	}
	if r, ok := RegionByName("EU"); !ok || r.URL(true) != "https://sandbox.sellingpartnerapi-eu.amazon.com" {
		t.Fatal(r)
	}
	c, err := New(Config{Region: FarEast, Sandbox: true, ClientID: "x", ClientSecret: "y", RefreshToken: "z"})
	if err != nil || c.Endpoint() != "https://sandbox.sellingpartnerapi-fe.amazon.com" {
		t.Fatal(c.Endpoint(), err)
	}
}

func TestNewValidates(t *testing.T) {
	for name, cfg := range map[string]Config{
		"no endpoint":    {ClientID: "x", ClientSecret: "y", RefreshToken: "z"},
		"bad endpoint":   {Endpoint: "ftp://x", ClientID: "x", ClientSecret: "y", RefreshToken: "z"},
		"no credentials": {Region: NorthAmerica},
		"no grant":       {Region: NorthAmerica, ClientID: "x", ClientSecret: "y"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://s3.amazonaws.com/b/k?X-Amz-Signature=abc&x-amz-security-token=def&X-Amz-Expires=300": "https://s3.amazonaws.com/b/k?X-Amz-Expires=300&X-Amz-Signature=%5BREDACTED%5D&x-amz-security-token=%5BREDACTED%5D",
		"https://user:pass@example.com/p":          "https://example.com/p",
		"https://example.com/orders?NextToken=abc": "https://example.com/orders?NextToken=abc",
		"%zz Atza|IwEBIabc":                        "%zz [REDACTED]",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
