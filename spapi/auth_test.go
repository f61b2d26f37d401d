package spapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentCallersShareOneTokenRequest: 100 callers arriving with a
// cold cache cause exactly one token request, and all use its token.
func TestConcurrentCallersShareOneTokenRequest(t *testing.T) {
	lwa := newLWAServer(t)
	lwa.delay = 50 * time.Millisecond
	var mu sync.Mutex
	used := map[string]int{}
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		used[r.Header.Get("x-amz-access-token")]++
		mu.Unlock()
		writeJSON(w, 200, map[string]any{"payload": map[string]any{}})
	}))
	defer api.Close()
	c := newTestClient(t, lwa, api.URL)

	const callers = 100
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, callers)
	for range callers {
		wg.Go(func() {
			<-start
			status, _, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
			if err == nil && status != 200 {
				err = errors.New(http.StatusText(status))
			}
			errs <- err
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := lwa.hits.Load(); n != 1 {
		t.Fatalf("token requests = %d, want 1", n)
	}
	toks := lwa.tokens()
	if len(used) != 1 || used[toks[0]] != callers {
		t.Fatalf("tokens used = %v, want %d requests with %q", used, callers, toks[0])
	}
	f := lwa.forms[0]
	if f["grant_type"][0] != "refresh_token" || f["refresh_token"][0] != testRefreshToken || f["client_id"][0] != testClientID {
		t.Fatalf("token request form = %v", f)
	}
}

// TestTokenRefreshedBeforeExpiry: the cached token is used until 60 s
// before it expires, then replaced by one token request.
func TestTokenRefreshedBeforeExpiry(t *testing.T) {
	lwa := newLWAServer(t)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Header.Get("x-amz-access-token"))
	}))
	defer api.Close()
	var mu sync.Mutex
	base := time.Now()
	now := base
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	set := func(d time.Duration) { mu.Lock(); now = base.Add(d); mu.Unlock() }
	c := newTestClient(t, lwa, api.URL, func(o *options) { o.now = clock })

	get := func() string {
		_, body, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
		if err != nil {
			t.Fatal(err)
		}
		return body
	}
	first := get()
	set(3600*time.Second - 65*time.Second)
	if got := get(); got != first || lwa.hits.Load() != 1 {
		t.Fatalf("65 s before expiry: token %q, %d token requests; want the cached one", got, lwa.hits.Load())
	}
	set(3600*time.Second - 55*time.Second)
	second := get()
	if second == first || lwa.hits.Load() != 2 {
		t.Fatalf("55 s before expiry: token %q, %d token requests; want a new one", second, lwa.hits.Load())
	}
	if got := get(); got != second || lwa.hits.Load() != 2 {
		t.Fatalf("after refresh: token %q, %d token requests", got, lwa.hits.Load())
	}
}

// TestExpiredTokenRefreshesOnceAndRetriesOnce: a 401 drops the token; the
// request (a POST, with its body) is sent once more with a fresh token.
func TestExpiredTokenRefreshesOnceAndRetriesOnce(t *testing.T) {
	lwa := newLWAServer(t)
	var hits atomic.Int64
	var mu sync.Mutex
	var bodies []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		if r.Header.Get("x-amz-access-token") == lwa.tokens()[0] {
			writeJSON(w, 401, errorsBody("Unauthorized", "Access to requested resource is denied.", "The access token you provided has expired."))
			return
		}
		writeJSON(w, 201, map[string]any{})
	}))
	defer api.Close()
	c := newTestClient(t, lwa, api.URL)
	body := `{"text":"hello"}`
	status, _, err := do(t, c, opRequest(t, t.Context(), opSendMessage, api.URL+"/messaging/v1/orders/1/messages/confirmCustomizationDetails", strings.NewReader(body)))
	if err != nil || status != 201 {
		t.Fatalf("status %d, err %v; want 201", status, err)
	}
	if hits.Load() != 2 || lwa.hits.Load() != 2 {
		t.Fatalf("API requests %d, token requests %d; want 2 and 2", hits.Load(), lwa.hits.Load())
	}
	if bodies[0] != body || bodies[1] != body {
		t.Fatalf("bodies sent = %q", bodies)
	}
}

// TestTokenRejectedTwiceGivesUp: a server that rejects every token gets
// exactly one refresh and one retry, and the caller an auth *Error.
func TestTokenRejectedTwiceGivesUp(t *testing.T) {
	lwa := newLWAServer(t)
	var hits atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("x-amzn-RequestId", "req-401")
		writeJSON(w, 403, errorsBody("Unauthorized", "Access to requested resource is denied.", "The access token you provided is invalid."))
	}))
	defer api.Close()
	c := newTestClient(t, lwa, api.URL)
	resp, err := c.HTTPClient().Do(opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if err != nil {
		t.Fatal(err)
	}
	err = CheckResponse(resp, nil)
	resp.Body.Close()
	if !IsAuth(err) || IsThrottled(err) || IsNotFound(err) {
		t.Fatalf("err = %v; want an auth error", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.RequestID != "req-401" || e.Operation != "ordersv0.getOrders" || !e.HasCode("Unauthorized") {
		t.Fatalf("error = %#v", e)
	}
	if hits.Load() != 2 || lwa.hits.Load() != 2 {
		t.Fatalf("API requests %d, token requests %d; want 2 and 2", hits.Load(), lwa.hits.Load())
	}
}

// TestForbiddenWithoutTokenProblemIsNotRetried: a 403 for a missing role is
// not a token problem.
func TestForbiddenWithoutTokenProblemIsNotRetried(t *testing.T) {
	lwa := newLWAServer(t)
	var hits atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, 403, errorsBody("Unauthorized", "Access to requested resource is denied.", "The application is not authorized for this role."))
	}))
	defer api.Close()
	c := newTestClient(t, lwa, api.URL)
	status, body, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if err != nil || status != 403 || hits.Load() != 1 || lwa.hits.Load() != 1 {
		t.Fatalf("status %d err %v, %d API and %d token requests; want 403, 1, 1", status, err, hits.Load(), lwa.hits.Load())
	}
	if !strings.Contains(body, "not authorized for this role") {
		t.Fatalf("body not passed on intact: %q", body)
	}
}

// TestGrantless: without a refresh token the client uses the
// client-credentials grant with the configured scopes.
func TestGrantless(t *testing.T) {
	lwa := newLWAServer(t)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Header.Get("x-amz-access-token"))
	}))
	defer api.Close()
	c, err := New(Config{Endpoint: api.URL, ClientID: testClientID, ClientSecret: testClientSecret,
		Scopes: []string{ScopeNotifications}, TokenURL: lwa.URL})
	if err != nil {
		t.Fatal(err)
	}
	op := &Operation{ID: "getDestinations", API: "notificationsv1", Method: "GET", Path: "/notifications/v1/destinations", Rate: 1, Burst: 5}
	_, body, err := do(t, c, opRequest(t, t.Context(), op, api.URL+op.Path, nil))
	if err != nil {
		t.Fatal(err)
	}
	f := lwa.forms[0]
	if f["grant_type"][0] != "client_credentials" || f["scope"][0] != ScopeNotifications || f["refresh_token"] != nil {
		t.Fatalf("token request form = %v", f)
	}
	if body != lwa.tokens()[0] {
		t.Fatalf("API saw token %q, want %q", body, lwa.tokens()[0])
	}
}

// TestLWAErrorsAreTypedAndScrubbed: a token endpoint that refuses (and
// echoes the credentials) gives an *AuthError without them.
func TestLWAErrorsAreTypedAndScrubbed(t *testing.T) {
	lwa := newLWAServer(t)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("API called without a token") }))
	defer api.Close()
	const wrongRefresh = "refresh-token-revoked-9d8e7f"
	c, err := New(Config{Endpoint: api.URL, ClientID: testClientID, ClientSecret: testClientSecret,
		RefreshToken: wrongRefresh, TokenURL: lwa.URL}, WithRetryer(fastRetryer))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	var ae *AuthError
	if !errors.As(err, &ae) || ae.StatusCode != 400 || ae.Code != "invalid_grant" || !IsAuth(err) {
		t.Fatalf("err = %v (%#v); want AuthError 400 invalid_grant", err, ae)
	}
	if strings.Contains(err.Error(), wrongRefresh) || strings.Contains(err.Error(), testClientSecret) {
		t.Fatalf("error text leaks a credential: %v", err)
	}
	if lwa.hits.Load() != 1 {
		t.Fatalf("token requests = %d; an auth failure must not be retried", lwa.hits.Load())
	}
}

// TestTokenWaitHonoursContext: a caller whose context ends while the token
// request is slow returns at once; the fetch still completes for others.
func TestTokenWaitHonoursContext(t *testing.T) {
	lwa := newLWAServer(t)
	lwa.release = make(chan struct{})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Header.Get("x-amz-access-token"))
	}))
	defer api.Close()
	c := newTestClient(t, lwa, api.URL)

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := do(t, c, opRequest(t, ctx, opGetOrders, api.URL+"/orders/v0/orders", nil))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want deadline exceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("returned after %v", d)
	}
	done := make(chan string)
	go func() {
		_, body, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
		if err != nil {
			t.Error(err)
		}
		done <- body
	}()
	close(lwa.release)
	if got := <-done; got != lwa.tokens()[0] || lwa.hits.Load() != 1 {
		t.Fatalf("token %q after %d token requests; want the one fetch's", got, lwa.hits.Load())
	}
}

// rdtAPI is an SP-API endpoint serving createRestrictedDataToken and one
// restricted operation that only accepts its RDTs.
type rdtAPI struct {
	*httptest.Server
	lwa       *lwaServer
	rdtCalls  atomic.Int64
	expiresIn int
	mu        sync.Mutex
	rdts      map[string]string // rdt → "METHOD path elements"
	requests  []map[string]any
}

func newRDTAPI(t *testing.T, lwa *lwaServer) *rdtAPI {
	a := &rdtAPI{lwa: lwa, rdts: map[string]string{}, expiresIn: 3600}
	a.Server = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.Close)
	return a
}

func (a *rdtAPI) serve(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("x-amz-access-token")
	if r.URL.Path == "/tokens/2021-03-01/restrictedDataToken" {
		a.rdtCalls.Add(1)
		if r.Method != http.MethodPost || !containsString(a.lwa.tokens(), tok) || r.Header.Get("Content-Type") != "application/json" {
			writeJSON(w, 403, errorsBody("Unauthorized", "Access to requested resource is denied.", ""))
			return
		}
		var req struct {
			RestrictedResources []struct {
				Method       string   `json:"method"`
				Path         string   `json:"path"`
				DataElements []string `json:"dataElements"`
			} `json:"restrictedResources"`
		}
		b, _ := io.ReadAll(r.Body)
		var raw map[string]any
		json.Unmarshal(b, &raw)
		if err := json.NewDecoder(bytes.NewReader(b)).Decode(&req); err != nil || len(req.RestrictedResources) != 1 {
			writeJSON(w, 400, errorsBody("InvalidInput", "bad request", ""))
			return
		}
		rr := req.RestrictedResources[0]
		rdt := "Atz.sprdt|" + randHex(16)
		a.mu.Lock()
		a.rdts[rdt] = rr.Method + " " + rr.Path + " " + strings.Join(rr.DataElements, ",")
		a.requests = append(a.requests, raw)
		a.mu.Unlock()
		writeJSON(w, 200, map[string]any{"restrictedDataToken": rdt, "expiresIn": a.expiresIn})
		return
	}
	a.mu.Lock()
	grant, ok := a.rdts[tok]
	a.mu.Unlock()
	if !ok {
		writeJSON(w, 403, errorsBody("Unauthorized", "Access to requested resource is denied.", "restricted operation needs an RDT"))
		return
	}
	io.WriteString(w, grant)
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestRestrictedDataTokens: restricted operations get an RDT for their
// path template and data elements, fetched once per (path, elements) by
// any number of concurrent callers, and cached.
func TestRestrictedDataTokens(t *testing.T) {
	lwa := newLWAServer(t)
	api := newRDTAPI(t, lwa)
	c := newTestClient(t, lwa, api.URL)

	ctx := WithDataElements(t.Context(), "shippingAddress", "buyerInfo")
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			status, body, err := do(t, c, opRequest(t, ctx, opGetOrder, api.URL+"/orders/v0/orders/123-000000"+string(rune('0'+i%10)), nil))
			if err != nil || status != 200 || body != "GET /orders/v0/orders/{orderId} buyerInfo,shippingAddress" {
				t.Errorf("status %d body %q err %v", status, body, err)
			}
		})
	}
	wg.Wait()
	if n := api.rdtCalls.Load(); n != 1 {
		t.Fatalf("createRestrictedDataToken calls = %d, want 1", n)
	}
	// Other data elements: another RDT, then cached too.
	for range 3 {
		status, body, err := do(t, c, opRequest(t, WithDataElements(t.Context(), "buyerTaxInformation"), opGetOrder, api.URL+"/orders/v0/orders/1", nil))
		if err != nil || status != 200 || body != "GET /orders/v0/orders/{orderId} buyerTaxInformation" {
			t.Fatalf("status %d body %q err %v", status, body, err)
		}
	}
	if n := api.rdtCalls.Load(); n != 2 {
		t.Fatalf("createRestrictedDataToken calls = %d, want 2", n)
	}
	// Unrestricted operations keep the LWA token.
	if status, _, _ := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil)); status != 403 {
		t.Fatalf("unrestricted operation got status %d; it must not use an RDT", status)
	}
	if lwa.hits.Load() != 1 {
		t.Fatalf("token requests = %d, want 1", lwa.hits.Load())
	}
	want := `{"restrictedResources":[{"dataElements":["buyerInfo","shippingAddress"],"method":"GET","path":"/orders/v0/orders/{orderId}"}]}`
	got, _ := json.Marshal(api.requests[0])
	if string(got) != want {
		t.Fatalf("RDT request = %s\nwant %s", got, want)
	}
}

// TestRDTExpiry: an RDT is used for its lifetime, then replaced.
func TestRDTExpiry(t *testing.T) {
	lwa := newLWAServer(t)
	api := newRDTAPI(t, lwa)
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c := newTestClient(t, lwa, api.URL, func(o *options) { o.now = clock })
	get := func() {
		if status, body, err := do(t, c, opRequest(t, t.Context(), opGetOrder, api.URL+"/orders/v0/orders/1", nil)); status != 200 {
			t.Fatalf("status %d body %q err %v", status, body, err)
		}
	}
	get()
	get()
	if n := api.rdtCalls.Load(); n != 1 {
		t.Fatalf("RDT calls = %d, want 1", n)
	}
	mu.Lock()
	now = now.Add(3600*time.Second - 30*time.Second)
	mu.Unlock()
	get()
	if n := api.rdtCalls.Load(); n != 2 {
		t.Fatalf("RDT calls after 59.5 min = %d, want 2", n)
	}
}

// TestRDTOptOut: WithoutRestrictedDataTokens sends the LWA token.
func TestRDTOptOut(t *testing.T) {
	lwa := newLWAServer(t)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Header.Get("x-amz-access-token"))
	}))
	defer api.Close()
	c := newTestClient(t, lwa, api.URL, WithoutRestrictedDataTokens())
	_, body, err := do(t, c, opRequest(t, t.Context(), opGetOrder, api.URL+"/orders/v0/orders/1", nil))
	if err != nil || body != lwa.tokens()[0] {
		t.Fatalf("body %q err %v", body, err)
	}
}

// TestNoAuthOffEndpoint: requests without operation metadata to another
// host (a presigned S3 URL) carry no token and cause no token request;
// requests without metadata to the SP-API endpoint are authenticated.
func TestNoAuthOffEndpoint(t *testing.T) {
	lwa := newLWAServer(t)
	var s3Headers http.Header
	s3 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s3Headers = r.Header.Clone()
		io.WriteString(w, "document")
	}))
	defer s3.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Header.Get("x-amz-access-token"))
	}))
	defer api.Close()
	c := newTestClient(t, lwa, api.URL)
	_, body, err := do(t, c, opRequest(t, t.Context(), nil, s3.URL+"/doc?X-Amz-Signature=abc", nil))
	if err != nil || body != "document" {
		t.Fatal(body, err)
	}
	for k := range s3Headers {
		if strings.HasPrefix(strings.ToLower(k), "x-amz") || k == "Authorization" {
			t.Fatalf("presigned request carried %s", k)
		}
	}
	if lwa.hits.Load() != 0 {
		t.Fatalf("token requests = %d, want 0", lwa.hits.Load())
	}
	_, body, err = do(t, c, opRequest(t, t.Context(), nil, api.URL+"/sellers/v1/marketplaceParticipations", nil))
	if err != nil || body != lwa.tokens()[0] {
		t.Fatalf("endpoint request without metadata: body %q err %v", body, err)
	}
}

// TestLWAServerErrorIsRetried: a token endpoint failing with 500 is tried
// again by the retry policy; the request goes out once, with the token.
func TestLWAServerErrorIsRetried(t *testing.T) {
	lwa := newLWAServer(t)
	lwa.fail.Store(2)
	api, hits := countingServer(t, 200)
	c := newTestClient(t, lwa, api.URL)
	status, _, err := do(t, c, opRequest(t, t.Context(), opSendMessage, api.URL+"/messaging/v1/orders/1/messages/confirmCustomizationDetails", strings.NewReader(`{}`)))
	if err != nil || status != 200 || lwa.hits.Load() != 3 || hits.Load() != 1 {
		t.Fatalf("status %d err %v, %d token requests, %d API requests; want 200, 3, 1", status, err, lwa.hits.Load(), hits.Load())
	}
}

// TestRDTRefusalIsNotRetried: createRestrictedDataToken refusing (403) ends
// the call at once with that error.
func TestRDTRefusalIsNotRetried(t *testing.T) {
	lwa := newLWAServer(t)
	var rdtCalls atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rdtCalls.Add(1)
		writeJSON(w, 403, errorsBody("Unauthorized", "Access to requested resource is denied.", "The application lacks the role for buyerInfo"))
	}))
	defer api.Close()
	c := newTestClient(t, lwa, api.URL)
	_, _, err := do(t, c, opRequest(t, t.Context(), opGetOrder, api.URL+"/orders/v0/orders/1", nil))
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 403 || e.Operation != "tokens20210301.createRestrictedDataToken" || rdtCalls.Load() != 1 {
		t.Fatalf("err %v after %d calls", err, rdtCalls.Load())
	}
}
