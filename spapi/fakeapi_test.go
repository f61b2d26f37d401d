package spapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// fakeAPI is a loopback Selling Partner API for the examples and the tests
// that use generated clients: Login with Amazon, createRestrictedDataToken,
// and getOrders paging through a fixed set of orders.
type fakeAPI struct {
	*httptest.Server
	pageSize int
	orders   []string

	mu       sync.Mutex
	lwa      int
	rdts     map[string][]string // RDT → data elements
	requests []string            // request URIs of getOrders / getReports
	reports  int                 // reports to page through
}

func newFakeAPI(orders, pageSize int) *fakeAPI {
	f := &fakeAPI{pageSize: pageSize, rdts: map[string][]string{}}
	for i := range orders {
		f.orders = append(f.orders, fmt.Sprintf("902-3159896-%07d", 1230000+i))
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

const (
	fakeAccessToken = "Atza|fake-access-token-for-examples"
	fakeClientID    = "amzn1.application-oa2-client.example"
	fakeSecret      = "fake-client-secret-example"
	fakeRefresh     = "Atzr|fake-refresh-token-example"
)

func (f *fakeAPI) json(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", "b7d0c3e1-example")
	w.Header().Set("x-amzn-RateLimit-Limit", "0.0167")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/auth/o2/token" {
		r.ParseForm()
		if r.PostForm.Get("client_secret") != fakeSecret || r.PostForm.Get("refresh_token") != fakeRefresh {
			f.json(w, 400, map[string]string{"error": "invalid_grant"})
			return
		}
		f.mu.Lock()
		f.lwa++
		f.mu.Unlock()
		f.json(w, 200, map[string]any{"access_token": fakeAccessToken, "token_type": "bearer", "expires_in": 3600})
		return
	}
	tok := r.Header.Get("x-amz-access-token")
	if r.URL.Path == "/tokens/2021-03-01/restrictedDataToken" {
		if tok != fakeAccessToken {
			f.json(w, 403, map[string]any{"errors": []map[string]string{{"code": "Unauthorized", "message": "Access to requested resource is denied."}}})
			return
		}
		var req struct {
			RestrictedResources []struct {
				DataElements []string `json:"dataElements"`
			} `json:"restrictedResources"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		rdt := fmt.Sprintf("Atz.sprdt|fake-rdt-%d", len(f.rdts)+1)
		f.mu.Lock()
		f.rdts[rdt] = req.RestrictedResources[0].DataElements
		f.mu.Unlock()
		f.json(w, 200, map[string]any{"restrictedDataToken": rdt, "expiresIn": 3600})
		return
	}
	f.mu.Lock()
	_, isRDT := f.rdts[tok]
	f.requests = append(f.requests, r.URL.RequestURI())
	f.mu.Unlock()
	switch r.URL.Path {
	case "/orders/v0/orders":
		if !isRDT {
			f.json(w, 403, map[string]any{"errors": []map[string]string{{"code": "Unauthorized", "message": "getOrders needs a Restricted Data Token"}}})
			return
		}
		start := 0
		if t := r.URL.Query().Get("NextToken"); t != "" {
			start, _ = strconv.Atoi(strings.TrimPrefix(t, "page-"))
		}
		end := min(start+f.pageSize, len(f.orders))
		var orders []map[string]any
		for _, id := range f.orders[start:end] {
			orders = append(orders, map[string]any{"AmazonOrderId": id, "PurchaseDate": "2024-05-01T10:00:00Z",
				"LastUpdateDate": "2024-05-01T11:00:00Z", "OrderStatus": "Unshipped"})
		}
		payload := map[string]any{"Orders": orders}
		if end < len(f.orders) {
			payload["NextToken"] = fmt.Sprintf("page-%d", end)
		}
		f.json(w, 200, map[string]any{"payload": payload})
	case "/reports/2021-06-30/reports":
		q := r.URL.Query()
		if q.Has("nextToken") && len(q) > 1 {
			f.json(w, 400, map[string]any{"errors": []map[string]string{{"code": "InvalidInput", "message": "nextToken must be the only parameter"}}})
			return
		}
		page := 0
		if t := q.Get("nextToken"); t != "" {
			page, _ = strconv.Atoi(t)
		}
		reports := []map[string]any{{"reportId": strconv.Itoa(page), "reportType": "GET_FLAT_FILE_OPEN_LISTINGS_DATA",
			"createdTime": "2024-05-01T10:00:00Z", "processingStatus": "DONE"}}
		out := map[string]any{"reports": reports}
		if page+1 < f.reports {
			out["nextToken"] = strconv.Itoa(page + 1)
		}
		f.json(w, 200, out)
	default:
		if strings.HasPrefix(r.URL.Path, "/orders/v0/orders/") {
			f.json(w, 404, map[string]any{"errors": []map[string]string{{"code": "NotFound", "message": "Order not found", "details": "Order " + strings.TrimPrefix(r.URL.Path, "/orders/v0/orders/")}}})
			return
		}
		f.json(w, 404, map[string]any{"errors": []map[string]string{{"code": "NotFound", "message": "no such operation"}}})
	}
}
