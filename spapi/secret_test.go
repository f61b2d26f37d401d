package spapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestNoSecretInLogsOrErrors drives every path that handles a credential —
// token fetch, RDT fetch, a rejected token, retries, error bodies that echo
// tokens, a token endpoint that echoes the credentials, presigned URLs that
// fail — with debug logging on, and checks that no secret or token appears
// in any log line or error text.
func TestNoSecretInLogsOrErrors(t *testing.T) {
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var errTexts []string
	record := func(err error) {
		if err != nil {
			errTexts = append(errTexts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}

	lwa := newLWAServer(t)
	rdtAPI := &rdtAPI{lwa: lwa, rdts: map[string]string{}, expiresIn: 3600}
	var apiHits atomic.Int64
	// The SP-API: restricted operations via rdtAPI, an endpoint echoing the
	// caller's token in its error, a first 401, and a 503 before success.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := apiHits.Add(1)
		tok := r.Header.Get("x-amz-access-token")
		switch {
		case strings.HasPrefix(r.URL.Path, "/tokens/") || strings.HasPrefix(r.URL.Path, "/orders/v0/orders/"):
			rdtAPI.serve(w, r)
		case r.URL.Path == "/echo":
			writeJSON(w, 400, errorsBody("InvalidInput", "Bad token "+tok, "x-amz-access-token: "+tok))
		case n == 1:
			writeJSON(w, 401, errorsBody("Unauthorized", "expired "+tok, ""))
		case n == 2:
			writeJSON(w, 503, errorsBody("ServiceUnavailable", "try again "+tok, ""))
		default:
			writeJSON(w, 200, map[string]any{"payload": "ok"})
		}
	}))
	defer api.Close()

	c, err := New(Config{Endpoint: api.URL, ClientID: testClientID, ClientSecret: testClientSecret,
		RefreshToken: testRefreshToken, TokenURL: lwa.URL}, WithRetryer(fastRetryer), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	call := func(ctx context.Context, op *Operation, url string) {
		resp, err := c.HTTPClient().Do(opRequest(t, ctx, op, url, nil))
		record(err)
		if err == nil {
			record(CheckResponse(resp, nil))
			resp.Body.Close()
		}
	}
	call(ctx, opGetOrders, api.URL+"/orders/v0/orders")                                 // 401 → refresh → 503 → retry → 200
	call(WithDataElements(ctx, "buyerInfo"), opGetOrder, api.URL+"/orders/v0/orders/1") // RDT
	call(ctx, opGetOrders, api.URL+"/echo")                                             // error echoing the token
	echoOp := &Operation{ID: "getOrderAddress", API: "ordersv0", Method: "GET", Path: "/echo", Restricted: true}
	call(ctx, echoOp, api.URL+"/echo") // error echoing an RDT

	// Presigned URLs: a failing storage and a dead one.
	presign := "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAQEXAMPLEKEY%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLESESSIONTOKEN&X-Amz-Signature=9f3a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"
	s3 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
	defer s3.Close()
	call(ctx, nil, s3.URL+"/bucket/doc"+presign)
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + l.Addr().String()
	l.Close()
	resp, err := c.HTTPClient().Do(opRequest(t, ctx, nil, dead+"/bucket/doc"+presign, nil))
	if err == nil {
		resp.Body.Close()
	}
	record(RedactError(err))
	_, err = Check(c.HTTPClient().Do(opRequest(t, ctx, nil, dead+"/bucket/doc"+presign, nil)))
	record(err)

	// A token endpoint echoing the credentials it was sent.
	bad, _ := New(Config{Endpoint: api.URL, ClientID: testClientID, ClientSecret: "wrong-secret-0a9b8c7d",
		RefreshToken: testRefreshToken, TokenURL: lwa.URL}, WithRetryer(fastRetryer), WithLogger(logger))
	_, err = bad.HTTPClient().Do(opRequest(t, ctx, opGetOrders, api.URL+"/orders/v0/orders", nil))
	record(err)

	// Configs printed or logged by mistake.
	cfg := Config{ClientID: testClientID, ClientSecret: testClientSecret, RefreshToken: testRefreshToken}
	errTexts = append(errTexts, fmt.Sprintf("%v %+v %#v %s %q %x", cfg, cfg, cfg, cfg.ClientSecret, cfg.RefreshToken, cfg.ClientSecret))
	js, _ := json.Marshal(cfg)
	errTexts = append(errTexts, string(js))
	logger.Info("config", "cfg", cfg, "secret", cfg.ClientSecret)
	slog.New(RedactingHandler(slog.NewJSONHandler(logs, nil))).Info("user log", "body", "token "+lwa.tokens()[0])

	secrets := []string{testClientSecret, testRefreshToken, "wrong-secret-0a9b8c7d",
		"FwoGZXIvYXdzEXAMPLESESSIONTOKEN", "9f3a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"}
	secrets = append(secrets, lwa.tokens()...)
	rdtAPI.mu.Lock()
	for rdt := range rdtAPI.rdts {
		secrets = append(secrets, rdt, strings.TrimPrefix(rdt, "Atz.sprdt|"))
	}
	rdtAPI.mu.Unlock()
	if len(lwa.tokens()) < 2 || len(secrets) < 10 {
		t.Fatalf("the scenario did not run: %d access tokens, %d secrets", len(lwa.tokens()), len(secrets))
	}

	out := logs.String()
	for _, want := range []string{`"msg":"spapi request"`, `"msg":"spapi retry"`, `"operation":"ordersv0.getOrders"`,
		`"operation":"tokens20210301.createRestrictedDataToken"`, `"status":503`, `"msg":"spapi token rejected, retrying with a fresh one"`, "X-Amz-Signature=%5BREDACTED%5D", `"cfg"`, "[REDACTED]"} {
		if !strings.Contains(out, want) {
			t.Fatalf("log lacks %s; the scenario did not log what it should:\n%s", want, out)
		}
	}
	if len(errTexts) < 20 {
		t.Fatalf("only %d error texts collected", len(errTexts))
	}
	all := out + "\n" + strings.Join(errTexts, "\n")
	for _, s := range secrets {
		if strings.Contains(all, s) {
			i := strings.Index(all, s)
			t.Fatalf("secret %q appears: …%s…", s, all[max(0, i-200):min(len(all), i+len(s)+50)])
		}
	}
	t.Logf("%d log lines, %d error texts, %d secrets checked", strings.Count(out, "\n"), len(errTexts), len(secrets))
}
