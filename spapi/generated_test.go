package spapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/generated/tokens20210301"
	"github.com/spgen/spgen/spapi"
)

// startSandbox starts newSandbox for the test.
func startSandbox(t *testing.T, orders, pageSize, reports int) *sandbox {
	t.Helper()
	sb, err := newSandbox(orders, pageSize, reports)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	return sb
}

func newSandboxClient(t *testing.T, sb *sandbox, opts ...spapi.Option) *spapi.Client {
	t.Helper()
	c, err := spapi.New(sb.Config(), append([]spapi.Option{spapi.WithTransport(sb.Transport())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPagesGetOrders walks every page of the generated getOrders: the
// next token goes into the query beside the original parameters, every
// order comes once, and all pages share one RDT for the operation's data
// elements.
func TestPagesGetOrders(t *testing.T) {
	f := startSandbox(t, 23, 5, 0)
	c := newSandboxClient(t, f)
	orders, err := ordersv0.New(c)
	if err != nil {
		t.Fatal(err)
	}
	after := spapi.DateTimeOf("2024-05-01T00:00:00Z")
	params := &ordersv0.GetOrdersParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}, CreatedAfter: &after}
	var got []string
	pages := 0
	for page, err := range orders.GetOrdersPages(t.Context(), params) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, order := range page.GetPayload().Orders {
			got = append(got, order.AmazonOrderID)
		}
	}
	if !reflect.DeepEqual(got, f.orders) || pages != 5 {
		t.Fatalf("%d pages, orders %v\nwant 5 pages, %v", pages, got, f.orders)
	}
	for i, e := range f.Exchanges("getOrders") {
		q := e.Query
		if q.Get("MarketplaceIds") != "ATVPDKIKX0DER" || q.Get("CreatedAfter") != after.String() {
			t.Fatalf("request %d lost its parameters: %s", i, q.Encode())
		}
		want := ""
		if i > 0 {
			want = fmt.Sprintf("page-%d", i*5)
		}
		if q.Get("NextToken") != want {
			t.Fatalf("request %d NextToken = %q, want %q", i, q.Get("NextToken"), want)
		}
	}
	rdts, err := f.rdtDataElements()
	if err != nil {
		t.Fatal(err)
	}
	if len(rdts) != 1 {
		t.Fatalf("%d RDTs for one operation", len(rdts))
	}
	for _, elems := range rdts {
		if !reflect.DeepEqual(elems, []string{"buyerInfo", "shippingAddress"}) {
			t.Fatalf("RDT data elements = %v, want getOrders' own", elems)
		}
	}
}

// TestPagesStopsEarlyAndOnError: breaking out of the loop makes no further
// request; an error page is yielded once as an *spapi.Error.
func TestPagesStopsEarlyAndOnError(t *testing.T) {
	f := startSandbox(t, 23, 5, 0)
	c := newSandboxClient(t, f)
	orders, _ := ordersv0.New(c)
	params := &ordersv0.GetOrdersParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}}
	n := 0
	for _, err := range orders.GetOrdersItems(t.Context(), params) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 7 {
			break
		}
	}
	if n := len(f.Exchanges("getOrders")); n != 2 {
		t.Fatalf("%d requests for 7 orders of pages of 5", n)
	}

	// Without an RDT (opted out), getOrders is refused: one error, no loop.
	c2 := newSandboxClient(t, f, spapi.WithoutRestrictedDataTokens())
	orders2, _ := ordersv0.New(c2)
	var errs []error
	for _, err := range orders2.GetOrdersPages(t.Context(), params) {
		errs = append(errs, err)
	}
	var e *spapi.Error
	if len(errs) != 1 || !errors.As(errs[0], &e) || e.StatusCode != 403 || e.Operation != "ordersv0.getOrders" || !spapi.IsAuth(errs[0]) {
		t.Fatalf("errors = %v", errs)
	}
}

// TestPagesGetReportsTokenOnly: getReports demands nextToken as the only
// parameter of a next-page request; the generated metadata says so and
// the generated iterator obeys.
func TestPagesGetReportsTokenOnly(t *testing.T) {
	var op *spapi.Operation
	for _, o := range reports20210630.Operations() {
		if o.ID == "getReports" {
			op = o
		}
	}
	if op == nil || op.Paging == nil || !op.Paging.TokenOnly {
		t.Fatalf("generated getReports paging = %+v; the model says nextToken must be the only parameter (Paging.TokenOnly)", op.Paging)
	}
	f := startSandbox(t, 0, 1, 4)
	c := newSandboxClient(t, f)
	reports, _ := reports20210630.New(c)
	params := &reports20210630.GetReportsParams{ReportTypes: []string{"GET_FLAT_FILE_OPEN_LISTINGS_DATA"}}
	var ids []string
	for r, err := range reports.GetReportsItems(t.Context(), params) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ReportID)
	}
	if strings.Join(ids, ",") != "0,1,2,3" {
		t.Fatalf("reports %v", ids)
	}
}

// TestBuiltInRDTMatchesGenerated: the client calls createRestrictedDataToken
// itself (spapi cannot import generated code); its metadata and wire format
// must be the generated tokens20210301's.
func TestBuiltInRDTMatchesGenerated(t *testing.T) {
	var gen *spapi.Operation
	for _, o := range tokens20210301.Operations() {
		if o.ID == spapi.CreateRestrictedDataToken.ID {
			gen = o
		}
	}
	if gen == nil || !reflect.DeepEqual(*gen, *spapi.CreateRestrictedDataToken) {
		t.Fatalf("generated %+v\nbuilt-in  %+v", gen, spapi.CreateRestrictedDataToken)
	}
	var body []byte
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/auth/o2/token" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"lwa-token-abcdef","expires_in":3600,"token_type":"bearer"}`)
			return
		}
		if r.URL.Path == gen.Path {
			body, _ = io.ReadAll(r.Body)
			// Answer with the generated response type.
			exp := 3600
			rdt := "Atz.sprdt|built-in-check"
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(tokens20210301.CreateRestrictedDataTokenResponse{RestrictedDataToken: &rdt, ExpiresIn: &exp})
			return
		}
		io.WriteString(w, r.Header.Get("x-amz-access-token"))
	}))
	defer api.Close()
	c, _ := spapi.New(spapi.Config{Endpoint: api.URL, TokenURL: api.URL + "/auth/o2/token", ClientID: "id", ClientSecret: "secret-for-check", RefreshToken: "refresh-for-check"})
	op := &spapi.Operation{ID: "getOrderAddress", API: "ordersv0", Method: "GET", Path: "/orders/v0/orders/{orderId}/address", Restricted: true, DataElements: []string{"shippingAddress"}}
	req, _ := http.NewRequestWithContext(spapi.WithOperation(t.Context(), op), "GET", api.URL+"/orders/v0/orders/1/address", nil)
	resp, err := c.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != "Atz.sprdt|built-in-check" {
		t.Fatalf("restricted call used %q", got)
	}
	var parsed tokens20210301.CreateRestrictedDataTokenRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&parsed); err != nil {
		t.Fatalf("built-in request %s does not decode as the generated type: %v", body, err)
	}
	r := parsed.RestrictedResources[0]
	if r.Method != "GET" || r.Path != op.Path || r.DataElements == nil || r.DataElements[0] != "shippingAddress" {
		t.Fatalf("request = %+v", r)
	}
}
