package spapitest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/documents"
	"github.com/spgen/spgen/spapitest"
)

func faultCounts(ex []spapitest.Exchange) map[string]int {
	n := map[string]int{}
	for _, e := range ex {
		if e.Fault != "" {
			n[e.Fault]++
		}
	}
	return n
}

func getOrdersParams() *ordersv0.GetOrdersParams {
	created := spapi.DateTimeOf("TEST_CASE_200")
	return &ordersv0.GetOrdersParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}, CreatedAfter: &created}
}

// 429, 500 and 503 faults are retried within the retry policy: every call
// succeeds, and the sandbox saw one extra request per fault.
func TestThrottleAndServerFaultsAreRetried(t *testing.T) {
	sb := ordersSandbox(t, spapitest.WithFaults(7, map[string]spapitest.Faults{
		"getOrder": {Throttle: 0.15, InternalError: 0.15, Unavailable: 0.15},
	}))
	orders := ordersClient(t, sb, sb.Config())
	for i := range 40 {
		if _, err := orders.GetOrder(context.Background(), "TEST_CASE_200"); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	ex := sb.Exchanges("getOrder")
	faults := faultCounts(ex)
	t.Logf("40 calls, %d requests, faults %v", len(ex), faults)
	for _, kind := range []string{spapitest.FaultThrottle, spapitest.FaultInternalError, spapitest.FaultUnavailable} {
		if faults[kind] == 0 {
			t.Errorf("no %s fault in 40 calls", kind)
		}
	}
	if total := faults[spapitest.FaultThrottle] + faults[spapitest.FaultInternalError] + faults[spapitest.FaultUnavailable]; len(ex) != 40+total {
		t.Errorf("%d requests for 40 calls and %d faults", len(ex), total)
	}
	for _, e := range ex {
		if e.Fault == spapitest.FaultThrottle && (e.Status != 429 || e.AbovePlan) {
			t.Errorf("throttle fault answered %d (above plan %v)", e.Status, e.AbovePlan)
		}
	}
}

// A fault on every request: the runtime gives up after its retry policy's
// attempts with a typed error.
func TestPersistentServerErrorEndsRetries(t *testing.T) {
	sb := ordersSandbox(t, spapitest.WithFaults(1, map[string]spapitest.Faults{"getOrder": {Unavailable: 1}}))
	orders := ordersClient(t, sb, sb.Config(), spapi.WithRetryer(spapi.StandardRetryer{MaxAttempts: 4}))
	_, err := orders.GetOrder(context.Background(), "TEST_CASE_200")
	var apiErr *spapi.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Errors[0].Code != "ServiceUnavailable" {
		t.Fatalf("err %v; want a 503 ServiceUnavailable *spapi.Error", err)
	}
	if n := len(sb.Exchanges("getOrder")); n != 4 {
		t.Errorf("%d requests; want the retryer's 4 attempts", n)
	}
}

// Latency passes on the sandbox's clock: on a virtual clock 30 s of it
// take no wall time, and the clock shows them.
func TestLatencyOnVirtualClock(t *testing.T) {
	sb := ordersSandbox(t, spapitest.WithFaults(1, map[string]spapitest.Faults{"getOrder": {Latency: 30 * time.Second}}))
	orders := ordersClient(t, sb, sb.Config())
	start := time.Now()
	for range 3 {
		if _, err := orders.GetOrder(context.Background(), "TEST_CASE_200"); err != nil {
			t.Fatal(err)
		}
	}
	if wall, virtual := time.Since(start), sb.Clock().Now().Sub(epoch); wall > time.Second || virtual != 90*time.Second {
		t.Errorf("3 calls with 30s latency: %v of wall time, %v of virtual time; want 90s virtual, no wait", wall, virtual)
	}
}

// A connection reset before the request was read: a GET is retried and
// succeeds.
func TestResetBeforeReadRetriesGet(t *testing.T) {
	sb := ordersSandbox(t, spapitest.WithFaults(3, map[string]spapitest.Faults{"getOrder": {ResetBeforeRead: 0.4}}))
	orders := ordersClient(t, sb, sb.Config())
	for i := range 20 {
		if _, err := orders.GetOrder(context.Background(), "TEST_CASE_200"); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	ex := sb.Exchanges("getOrder")
	resets := faultCounts(ex)[spapitest.FaultResetBeforeRead]
	t.Logf("20 calls, %d requests, %d resets", len(ex), resets)
	if resets == 0 || len(ex) != 20+resets {
		t.Errorf("%d requests with %d resets for 20 calls", len(ex), resets)
	}
	for _, e := range ex {
		if e.Fault == spapitest.FaultResetBeforeRead && e.Status != 0 {
			t.Errorf("a reset request has status %d; want 0 (no answer)", e.Status)
		}
	}
}

// A POST whose connection is reset is never re-sent: after the body was
// read the server may have acted on it, and before, the client cannot
// tell the difference. The caller gets the transport error.
func TestResetPostIsNotResent(t *testing.T) {
	for _, kind := range []string{spapitest.FaultResetAfterRead, spapitest.FaultResetBeforeRead} {
		t.Run(kind, func(t *testing.T) {
			f := spapitest.Faults{ResetAfterRead: 1}
			if kind == spapitest.FaultResetBeforeRead {
				f = spapitest.Faults{ResetBeforeRead: 1}
			}
			sb := ordersSandbox(t, spapitest.WithFaults(1, map[string]spapitest.Faults{"updateShipmentStatus": f}))
			orders := ordersClient(t, sb, sb.Config())
			_, err := orders.UpdateShipmentStatus(context.Background(), "902-1106328-1059050",
				ordersv0.UpdateShipmentStatusRequest{MarketplaceID: "ATVPDKIKX0DER", ShipmentStatus: ordersv0.ShipmentStatusReadyForPickup})
			var apiErr *spapi.Error
			if err == nil || errors.As(err, &apiErr) {
				t.Fatalf("err %v; want a transport error", err)
			}
			ex := sb.Exchanges("updateShipmentStatus")
			if len(ex) != 1 || ex[0].Fault != kind {
				t.Fatalf("exchanges %+v; want exactly one, reset (%s)", ex, kind)
			}
			sb.AssertNoDuplicatePosts(t)
		})
	}
}

// NoDuplicatePosts catches a POST sent twice with the same body after the
// first was answered, and ignores a re-send after a 429.
func TestNoDuplicatePosts(t *testing.T) {
	sb := ordersSandbox(t)
	orders := ordersClient(t, sb, sb.Config())
	body := ordersv0.UpdateShipmentStatusRequest{MarketplaceID: "ATVPDKIKX0DER", ShipmentStatus: ordersv0.ShipmentStatusReadyForPickup}
	if _, err := orders.UpdateShipmentStatus(context.Background(), "902-1106328-1059050", body); err != nil {
		t.Fatal(err)
	}
	if err := sb.NoDuplicatePosts(); err != nil {
		t.Fatalf("one POST: %v", err)
	}
	if _, err := orders.UpdateShipmentStatus(context.Background(), "902-1106328-1059050", body); err != nil {
		t.Fatal(err)
	}
	var de *spapitest.DuplicateError
	if err := sb.NoDuplicatePosts(); !errors.As(err, &de) || len(de.Duplicates) != 1 || de.Duplicates[0].Operation != "updateShipmentStatus" {
		t.Fatalf("the same POST twice: %v; want one duplicate", err)
	}

	// A POST throttled with 429 is re-sent safely: not a duplicate.
	sb2 := ordersSandbox(t, spapitest.WithFaults(2, map[string]spapitest.Faults{"updateShipmentStatus": {Throttle: 0.3}}))
	orders2 := ordersClient(t, sb2, sb2.Config())
	for _, status := range []ordersv0.ShipmentStatus{ordersv0.ShipmentStatusReadyForPickup, ordersv0.ShipmentStatusPickedUp, ordersv0.ShipmentStatusRefusedPickup} {
		if _, err := orders2.UpdateShipmentStatus(context.Background(), "902-1106328-1059050",
			ordersv0.UpdateShipmentStatusRequest{MarketplaceID: "ATVPDKIKX0DER", ShipmentStatus: status}); err != nil {
			t.Fatal(err)
		}
	}
	if n := faultCounts(sb2.Exchanges("updateShipmentStatus"))[spapitest.FaultThrottle]; n == 0 {
		t.Fatalf("no throttle fault to re-send after")
	}
	if err := sb2.NoDuplicatePosts(); err != nil {
		t.Errorf("re-sends after 429: %v", err)
	}
}

// An expired access token gets 403 Unauthorized with x-amzn-ErrorType;
// the runtime fetches a fresh token and re-sends once.
func TestExpiredTokenIsRefreshed(t *testing.T) {
	sb := ordersSandbox(t)
	orders := ordersClient(t, sb, sb.Config())
	ctx := context.Background()
	if _, err := orders.GetOrders(ctx, getOrdersParams()); err != nil {
		t.Fatal(err)
	}
	sb.ExpireAccessTokens()
	if _, err := orders.GetOrders(ctx, getOrdersParams()); err != nil {
		t.Fatalf("after the token expired: %v", err)
	}
	var got []int
	for _, e := range sb.Exchanges("getOrders") {
		got = append(got, e.Status)
	}
	if !reflect.DeepEqual(got, []int{200, 403, 200}) {
		t.Errorf("getOrders statuses %v; want 200, 403 (expired), 200", got)
	}
	if n := len(tokenExchanges(sb)); n != 2 {
		t.Errorf("%d token requests; want 2 (the first token, the fresh one)", n)
	}

	// The same by a seeded fault. getOrders is restricted, so the token
	// that expires is its Restricted Data Token: after each fault the
	// runtime fetches a fresh one and re-sends the request once; a call
	// whose re-send meets the fault again returns the 403.
	sb = ordersSandbox(t, spapitest.WithFaults(5, map[string]spapitest.Faults{"getOrders": {ExpiredToken: 0.25}}))
	orders = ordersClient(t, sb, sb.Config())
	failed := 0
	for i := range 20 {
		_, err := orders.GetOrders(ctx, getOrdersParams())
		var apiErr *spapi.Error
		switch {
		case err == nil:
		case errors.As(err, &apiErr) && apiErr.StatusCode == 403 && strings.Contains(apiErr.Errors[0].Details, "expired"):
			failed++
		default:
			t.Fatalf("call %d: %v", i, err)
		}
	}
	// Each rejected request (by the fault, or carrying the token a fault
	// expired) is followed by a fresh RDT and one re-send; the calls that
	// failed are those whose re-send was rejected too.
	ex := sb.Exchanges()
	resends, rejectedResends := 0, 0
	for i := 0; i < len(ex); i++ {
		if ex[i].Operation != "getOrders" || ex[i].Status != 403 {
			continue
		}
		if i+2 >= len(ex) || ex[i+1].Operation != "createRestrictedDataToken" || ex[i+1].Status != 200 || ex[i+2].Operation != "getOrders" {
			t.Fatalf("exchange %d (403) is not followed by a fresh RDT and the re-send", i)
		}
		resends++
		if ex[i+2].Status == 403 {
			rejectedResends++
		}
		i += 2
	}
	expired := faultCounts(ex)[spapitest.FaultExpiredToken]
	t.Logf("20 calls: %d expired-token faults, %d re-sends, %d calls failed", expired, resends, failed)
	if expired == 0 || resends < expired-rejectedResends || failed != rejectedResends {
		t.Errorf("%d faults, %d re-sends (%d rejected), %d failed calls", expired, resends, rejectedResends, failed)
	}
	resp := rawGet(t, sb, "/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=TEST_CASE_200", "Atza|never-issued")
	if resp.StatusCode != 403 || resp.Header.Get("x-amzn-ErrorType") != "AccessDeniedException" {
		t.Errorf("unknown token: HTTP %d, x-amzn-ErrorType %q", resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"))
	}
}

func tokenExchanges(sb *spapitest.Server) []spapitest.Exchange {
	var out []spapitest.Exchange
	for _, e := range sb.Exchanges() {
		if e.Path == spapitest.TokenPath {
			out = append(out, e)
		}
	}
	return out
}

func rawGet(t *testing.T, sb *spapitest.Server, path, token string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, sb.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("x-amz-access-token", token)
	resp, err := sb.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// A revoked refresh token: the token endpoint answers invalid_grant, and
// the runtime returns a typed auth error matching spapi.ErrRevoked without
// retrying or calling the operation.
func TestRevokedRefreshToken(t *testing.T) {
	revokedBy := map[string]func(*testing.T) *spapitest.Server{
		"RevokeRefreshToken": func(t *testing.T) *spapitest.Server {
			sb := ordersSandbox(t)
			sb.RevokeRefreshToken(spapitest.SandboxRefreshToken)
			return sb
		},
		"fault": func(t *testing.T) *spapitest.Server {
			return ordersSandbox(t, spapitest.WithFaults(1, map[string]spapitest.Faults{spapitest.TokenEndpoint: {InvalidGrant: 1}}))
		},
	}
	for name, start := range revokedBy {
		t.Run(name, func(t *testing.T) {
			sb := start(t)
			orders := ordersClient(t, sb, sb.Config())
			_, err := orders.GetOrders(context.Background(), getOrdersParams())
			var ae *spapi.AuthError
			if !errors.As(err, &ae) || ae.Code != "invalid_grant" || !errors.Is(err, spapi.ErrRevoked) {
				t.Fatalf("err %v; want an *spapi.AuthError invalid_grant matching ErrRevoked", err)
			}
			if n, ops := len(tokenExchanges(sb)), len(sb.Exchanges("getOrders")); n != 1 || ops != 0 {
				t.Errorf("%d token requests, %d getOrders requests; want 1 and 0 (not retried)", n, ops)
			}
			if strings.Contains(fmt.Sprint(err), spapitest.SandboxRefreshToken) {
				t.Errorf("the error shows the refresh token: %v", err)
			}
		})
	}
}

const docURL = "https://tortuga-prod-na.s3-external-1.amazonaws.com/report.txt.gz"

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	io.WriteString(zw, s)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A truncated gzip document is a clear error from spapi/documents; a
// gzip document mislabelled Content-Encoding: gzip is decoded once.
func TestDocumentFaults(t *testing.T) {
	content := strings.Repeat("sku\tprice\tquantity\nABC-1\t9.99\t3\n", 200)
	download := func(t *testing.T, f spapitest.Faults) (string, error, *spapitest.Server) {
		sb := ordersSandbox(t, spapitest.WithFaults(1, map[string]spapitest.Faults{spapitest.DocumentStore: f}))
		sb.PutDocument(docURL, "text/tab-separated-values", gzipped(t, content))
		c, err := spapi.New(sb.Config(), sb.Options()...)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := documents.Download(context.Background(), c.HTTPClient(), docURL, documents.CompressionGZIP)
		if err != nil {
			return "", err, sb
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		return string(b), err, sb
	}
	t.Run("truncated", func(t *testing.T) {
		_, err, sb := download(t, spapitest.Faults{TruncatedDocument: 1})
		if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "documents: download: the gzip document is truncated") {
			t.Fatalf("err %v; want a truncated-document error wrapping io.ErrUnexpectedEOF", err)
		}
		if n := faultCounts(sb.Exchanges())[spapitest.FaultTruncatedDocument]; n != 1 {
			t.Errorf("%d truncated downloads; want 1", n)
		}
	})
	t.Run("mislabelled", func(t *testing.T) {
		got, err, sb := download(t, spapitest.Faults{MislabelledDocument: 1})
		if err != nil || got != content {
			t.Fatalf("err %v, %d bytes; want the document's %d", err, len(got), len(content))
		}
		if n := faultCounts(sb.Exchanges())[spapitest.FaultMislabelledDocument]; n != 1 {
			t.Errorf("%d mislabelled downloads; want 1", n)
		}
	})
}

// steadyRetryer decides as StandardRetryer does but always waits 1 s:
// without jitter the client's virtual time, and so what it sends (its
// cached token refusals expire by that time), is the same on every run.
type steadyRetryer struct{ spapi.StandardRetryer }

func (r steadyRetryer) Retry(a spapi.Attempt) (time.Duration, bool) {
	_, ok := r.StandardRetryer.Retry(a)
	return time.Second, ok
}

// The same seed gives the same faults in the same order on every run; a
// different seed gives others.
func TestFaultsAreDeterministicBySeed(t *testing.T) {
	run := func(seed uint64) []string {
		sb := ordersSandbox(t, spapitest.WithFaults(seed, map[string]spapitest.Faults{
			spapitest.AllOperations: {Throttle: 0.1, InternalError: 0.1, Unavailable: 0.1, ResetBeforeRead: 0.05, ExpiredToken: 0.05},
			spapitest.TokenEndpoint: {InternalError: 0.2},
		}))
		orders := ordersClient(t, sb, sb.Config(), spapi.WithRetryer(steadyRetryer{}))
		for range 30 {
			_, _ = orders.GetOrder(context.Background(), "TEST_CASE_200")
			_, _ = orders.GetOrders(context.Background(), getOrdersParams())
		}
		var seq []string
		for _, e := range sb.Exchanges() {
			seq = append(seq, fmt.Sprintf("%s %s %d %s", e.Operation, e.Path, e.Status, e.Fault))
		}
		return seq
	}
	a, b, c := run(42), run(42), run(43)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("seed 42 gave two sequences:\n%s\n---\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	if reflect.DeepEqual(a, c) {
		t.Errorf("seeds 42 and 43 gave the same %d exchanges", len(a))
	}
	faults := 0
	for _, s := range a {
		if !strings.HasSuffix(s, " ") {
			faults++
		}
	}
	t.Logf("%d exchanges, %d with faults", len(a), faults)
	if faults < 5 {
		t.Errorf("only %d faults in %d exchanges", faults, len(a))
	}
}

// Bad fault configurations are errors naming the target and the field.
func TestFaultConfigurationErrors(t *testing.T) {
	for _, tc := range []struct {
		faults map[string]spapitest.Faults
		want   string
	}{
		{map[string]spapitest.Faults{"getOrderz": {Throttle: 0.1}}, `faults for "getOrderz": no operation`},
		{map[string]spapitest.Faults{"getOrder": {Throttle: 0.7, InternalError: 0.7}}, `faults for "getOrder": the rates add up to 1.4`},
		{map[string]spapitest.Faults{"getOrder": {InvalidGrant: 0.1}}, `faults for "getOrder": invalid-grant does not apply to operations`},
		{map[string]spapitest.Faults{spapitest.DocumentStore: {ExpiredToken: 0.1}}, `expired-token does not apply to the document store`},
		{map[string]spapitest.Faults{"getOrder": {Unavailable: -1}}, `unavailable rate -1 is not between 0 and 1`},
	} {
		_, err := spapitest.New(spapitest.Models(sharedModels), spapitest.Only("ordersV0.json"), spapitest.WithFaults(1, tc.faults))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err %v; want %q", tc.faults, err, tc.want)
		}
	}
}

// Each target draws its own faults, so operations called concurrently
// still get the same faults each, in their own order, on every run.
func TestFaultsAreDeterministicUnderConcurrency(t *testing.T) {
	run := func() map[string][]string {
		sb := ordersSandbox(t, spapitest.WithFaults(9, map[string]spapitest.Faults{
			"getOrder":             {InternalError: 0.2, Unavailable: 0.1},
			"updateShipmentStatus": {Throttle: 0.3},
		}))
		orders := ordersClient(t, sb, sb.Config())
		ctx := context.Background()
		done := make(chan error, 2)
		go func() {
			for range 20 {
				if _, err := orders.GetOrder(ctx, "TEST_CASE_200"); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		go func() {
			for range 20 {
				if _, err := orders.UpdateShipmentStatus(ctx, "902-1106328-1059050",
					ordersv0.UpdateShipmentStatusRequest{MarketplaceID: "ATVPDKIKX0DER", ShipmentStatus: ordersv0.ShipmentStatusReadyForPickup}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		for range 2 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		seq := map[string][]string{}
		for _, e := range sb.Exchanges("getOrder", "updateShipmentStatus") {
			seq[e.Operation] = append(seq[e.Operation], fmt.Sprintf("%d %s", e.Status, e.Fault))
		}
		return seq
	}
	a, b := run(), run()
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("two runs with seed 9:\n%v\n%v", a, b)
	}
	if len(a["getOrder"]) <= 20 || len(a["updateShipmentStatus"]) <= 20 {
		t.Fatalf("no faults to compare: %v", a)
	}
}

// On a virtual clock the runtime refreshes its tokens when that clock says
// they are about to expire: an hour later by the sandbox's clock, the
// access token and the Restricted Data Token are fetched again before the
// call, and the sandbox refuses nothing as expired.
func TestTokensExpireOnTheVirtualClock(t *testing.T) {
	sb := ordersSandbox(t)
	orders := ordersClient(t, sb, sb.Config())
	ctx := t.Context()
	if _, err := orders.GetOrders(ctx, getOrdersParams()); err != nil {
		t.Fatal(err)
	}
	sb.Clock().Advance(59*time.Minute + 30*time.Second)
	if _, err := orders.GetOrders(ctx, getOrdersParams()); err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, e := range sb.Exchanges("getOrders") {
		got = append(got, e.Status)
	}
	if !reflect.DeepEqual(got, []int{200, 200}) {
		t.Errorf("getOrders statuses %v; want 200, 200 (no expired token sent)", got)
	}
	if n, rdts := len(tokenExchanges(sb)), len(sb.Exchanges("createRestrictedDataToken")); n != 2 || rdts != 2 {
		t.Errorf("%d token requests and %d RDTs; want 2 and 2 (each refreshed before it expired)", n, rdts)
	}
}

// A long-running sandbox does not keep every grant it issued: once more
// than its threshold are held, the expired ones are dropped, while live
// tokens keep working.
func TestExpiredGrantsAreForgotten(t *testing.T) {
	sb := ordersSandbox(t)
	for range 1100 {
		issueLWA(t, sb)
	}
	sb.Clock().Advance(2 * time.Hour) // every grant so far has expired
	var live string
	for range 1000 {
		live = issueLWA(t, sb)
	}
	// The threshold doubles past the live grants (amortised pruning): by
	// 2,100 issued, the 1,100 expired ones are gone.
	if n := sb.Grants(); n > 1000 {
		t.Fatalf("%d grants held; the 1,100 expired ones should have gone", n)
	}
	if resp := rawGet(t, sb, "/orders/v0/orders/TEST_CASE_200", live); resp.StatusCode != 200 {
		t.Fatalf("a live token after pruning: HTTP %d", resp.StatusCode)
	}
}
