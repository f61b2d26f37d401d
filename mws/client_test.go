package mws

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

var ctx = context.Background()

// TestListOrdersThreePages pages ListOrders over three pages through
// ListOrdersByNextToken; the fake verified every signature.
func TestListOrdersThreePages(t *testing.T) {
	f := newFakeMWS()
	defer f.Close()
	c := clientFor(f)
	var ids []string
	for o, err := range c.ListOrders(ctx, &ListOrdersRequest{MarketplaceIDs: []string{"ATVPDKIKX0DER"}, CreatedAfter: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}) {
		if err != nil {
			t.Fatal(err)
		}
		if o.OrderTotal == nil || o.OrderTotal.Amount != "19.90" || o.ShippingAddress.City != "Seattle" || !o.IsPrime || o.PurchaseDate.IsZero() {
			t.Errorf("order decoded as %+v", o)
		}
		ids = append(ids, o.AmazonOrderID)
	}
	want := []string{"112-0000001-0000001", "112-0000001-0000002", "112-0000002-0000001", "112-0000002-0000002", "112-0000003-0000001", "112-0000003-0000002"}
	if !slices.Equal(ids, want) {
		t.Errorf("orders %v, want %v", ids, want)
	}
	if calls := []string{"ListOrders", "ListOrdersByNextToken", "ListOrdersByNextToken"}; !slices.Equal(f.calls, calls) || f.verified != 3 {
		t.Errorf("calls %v (%d verified), want %v all verified", f.calls, f.verified, calls)
	}
	// Stopping early sends no further request.
	f.calls = nil
	for range c.ListOrders(ctx, &ListOrdersRequest{MarketplaceIDs: []string{"ATVPDKIKX0DER"}, LastUpdatedAfter: time.Now().Add(-time.Hour)}) {
		break
	}
	if len(f.calls) != 1 {
		t.Errorf("calls after break: %v", f.calls)
	}
	// A request missing its required filter fails before any call.
	for _, err := range c.ListOrders(ctx, &ListOrdersRequest{MarketplaceIDs: []string{"ATVPDKIKX0DER"}}) {
		if err == nil || !strings.Contains(err.Error(), "CreatedAfter") {
			t.Errorf("err = %v", err)
		}
	}
}

func TestGetOrderAndItems(t *testing.T) {
	f := newFakeMWS()
	defer f.Close()
	c := clientFor(f)
	orders, err := c.GetOrder(ctx, "902-1845936-5435065")
	if err != nil || len(orders) != 1 || orders[0].AmazonOrderID != "902-1845936-5435065" || orders[0].OrderStatus != "Unshipped" {
		t.Fatalf("GetOrder = %+v, %v", orders, err)
	}
	var skus []string
	for it, err := range c.ListOrderItems(ctx, "902-1845936-5435065") {
		if err != nil {
			t.Fatal(err)
		}
		if it.ItemPrice == nil || it.ItemPrice.Amount != "19.90" || it.QuantityOrdered != 1 {
			t.Errorf("item %+v", it)
		}
		skus = append(skus, it.SellerSKU)
	}
	if !slices.Equal(skus, []string{"MUG-1", "MUG-2"}) {
		t.Errorf("items %v", skus)
	}
	if !slices.Equal(f.calls, []string{"GetOrder", "ListOrderItems", "ListOrderItemsByNextToken"}) || f.verified != 3 {
		t.Errorf("calls %v, %d verified", f.calls, f.verified)
	}
}

func TestGetMatchingProduct(t *testing.T) {
	f := newFakeMWS()
	defer f.Close()
	res, err := clientFor(f).GetMatchingProduct(ctx, "ATVPDKIKX0DER", "B00EXAMPLE", "XYZ")
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Status != "Success" || res[0].Product == nil || res[0].Product.ASIN != "B00EXAMPLE" ||
		len(res[0].Product.Attributes) != 1 || res[0].Product.Attributes[0].Title != "Red Mug 350 ml" || res[0].Product.Attributes[0].Lang != "en-US" ||
		len(res[0].Product.SalesRankings) != 1 || res[0].Product.SalesRankings[0].Rank != 1234 {
		t.Fatalf("result %+v", res[0])
	}
	if res[1].ASIN != "XYZ" || res[1].Error == nil || res[1].Error.Code != "InvalidParameterValue" {
		t.Errorf("second result %+v", res[1])
	}
	if f.verified != 1 {
		t.Errorf("%d signatures verified", f.verified)
	}
	if _, err := clientFor(f).GetMatchingProduct(ctx, "ATVPDKIKX0DER", make([]string, 11)...); err == nil {
		t.Error("11 ASINs accepted")
	}
}

// TestThrottledRetried: 503 RequestThrottled is retried with backoff, and
// returned as a throttling *Error once the retries are used up.
func TestThrottledRetried(t *testing.T) {
	f := newFakeMWS()
	defer f.Close()
	f.throttle["GetOrder"] = 2
	if _, err := clientFor(f).GetOrder(ctx, "1"); err != nil {
		t.Fatalf("GetOrder after two throttled answers: %v", err)
	}
	if len(f.calls) != 3 {
		t.Errorf("calls %v", f.calls)
	}
	f.throttle["GetOrder"] = 10
	_, err := clientFor(f, WithRetries(2, time.Millisecond)).GetOrder(ctx, "1")
	var e *Error
	if !errors.As(err, &e) || !e.Throttled() || e.StatusCode != 503 || e.RequestID == "" {
		t.Fatalf("err = %v", err)
	}
}

// TestQuotaHonoured: requests beyond the bucket wait for its restore rate.
func TestQuotaHonoured(t *testing.T) {
	f := newFakeMWS()
	defer f.Close()
	c := clientFor(f, WithQuota("ListOrderItems", 1, 100*time.Millisecond))
	start := time.Now()
	for range 3 {
		// ListOrderItems and its ByNextToken sibling share the bucket: 2
		// requests each.
		for _, err := range c.ListOrderItems(ctx, "1") {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	// 6 requests, burst 1, one more per 100 ms: at least 500 ms.
	if d := time.Since(start); d < 450*time.Millisecond {
		t.Errorf("6 requests took %v; the quota was not honoured", d)
	}
	if documentedQuotas["ListOrders"].burst != 6 || documentedQuotas["ListOrders"].restore != time.Minute {
		t.Error("ListOrders quota is not the documented 6, one per minute")
	}
}

// TestErrorsAndSecrets: a wrong secret is refused by the fake's check
// (so the check can fail); errors and logs never carry the secret key or
// the MWSAuthToken.
func TestErrorsAndSecrets(t *testing.T) {
	f := newFakeMWS()
	defer f.Close()
	var logs bytes.Buffer
	c, err := New(Config{Endpoint: f.URL, AccessKeyID: fakeAccessKey, SecretKey: "wrong-secret", SellerID: fakeSeller, AuthToken: fakeAuthToken},
		WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetOrder(ctx, "1")
	var e *Error
	if !errors.As(err, &e) || e.Code != "SignatureDoesNotMatch" || e.StatusCode != 403 || e.Type != "Sender" {
		t.Fatalf("err = %v", err)
	}
	_, err2 := c.SubmitFeed(ctx, Feed{Type: "POST_ORDER_FULFILLMENT_DATA", Content: strings.NewReader("<AmazonEnvelope/>")})
	text := err.Error() + err2.Error() + logs.String() + strings.Join([]string{fakeSecretString(c)}, "")
	for _, secret := range []string{"wrong-secret", fakeAuthToken} {
		if strings.Contains(text, secret) {
			t.Errorf("a secret leaked: %s", text)
		}
	}
	if !strings.Contains(logs.String(), "action=GetOrder") {
		t.Errorf("no request logged: %s", logs.String())
	}
	if _, err := New(Config{AccessKeyID: "a", SellerID: "s"}); err == nil {
		t.Error("missing secret accepted")
	}
}

// fakeSecretString formats the client's configuration as a careless
// caller might log it.
func fakeSecretString(c *Client) string {
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("config", "cfg", c.cfg)
	return b.String()
}

// FuzzResponses feeds arbitrary bodies to the response decoding of a
// page of orders and of an error: a body is untrusted input, so the
// client must fail with an error, never panic.
func FuzzResponses(f *testing.F) {
	f.Add(500, []byte(`<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>x</Message></Error><RequestID>r</RequestID></ErrorResponse>`))
	f.Add(200, []byte(`<ListOrdersResponse><ListOrdersResult><NextToken>t</NextToken><Orders><Order><PurchaseDate>bad</PurchaseDate></Order></Orders></ListOrdersResult></ListOrdersResponse>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 200 || status > 599 {
			return
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			w.Write(body)
		}))
		defer srv.Close()
		c, err := New(Config{Endpoint: srv.URL, AccessKeyID: "a", SecretKey: "s", SellerID: "m"}, WithRetries(0, 0), WithMaxResponse(1<<16))
		if err != nil {
			t.Fatal(err)
		}
		page, err := c.ListOrdersPage(context.Background(), nil, "tok")
		if status/100 != 2 {
			var e *Error
			if !errors.As(err, &e) || e.StatusCode != status {
				t.Fatalf("status %d: err = %v", status, err)
			}
			return
		}
		if err == nil && page == nil {
			t.Fatal("no page and no error")
		}
	})
}

// TestTransportErrorHidesQuery: a failing transport's error names the
// action, not the signed URL of a feed submission (which carries the
// MWSAuthToken).
func TestTransportErrorHidesQuery(t *testing.T) {
	f := newFakeMWS()
	url := f.URL
	f.Close() // nothing listens any more
	c, err := New(Config{Endpoint: url, AccessKeyID: fakeAccessKey, SecretKey: fakeSecret, SellerID: fakeSeller, AuthToken: fakeAuthToken}, WithRetries(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SubmitFeed(ctx, Feed{Type: "POST_ORDER_FULFILLMENT_DATA", Content: strings.NewReader("<AmazonEnvelope/>")})
	if err == nil || !strings.Contains(err.Error(), "SubmitFeed") {
		t.Fatalf("err = %v", err)
	}
	for _, leak := range []string{fakeAuthToken, "Signature=", "MWSAuthToken"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error %q contains %s", err, leak)
		}
	}
}
