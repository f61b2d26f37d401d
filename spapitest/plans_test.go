package spapitest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

const sharedModels = "../../shared/models/spapi"

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// ordersSandbox starts a sandbox of ordersV0 on a virtual clock,
// requiring the tokens it issued, with opts on top.
func ordersSandbox(t *testing.T, opts ...spapitest.Option) *spapitest.Server {
	t.Helper()
	base := []spapitest.Option{spapitest.Models(sharedModels), spapitest.Only("ordersV0.json"),
		spapitest.RequireAuth(), spapitest.WithClock(spapitest.NewVirtualClock(epoch))}
	return spapitest.Start(t, append(base, opts...)...)
}

// ordersClient is the typed ordersV0 client on the runtime wired to sb
// (its transport and clock), with extra options.
func ordersClient(t *testing.T, sb *spapitest.Server, cfg spapi.Config, opts ...spapi.Option) *ordersv0.Client {
	t.Helper()
	c, err := spapi.New(cfg, append(sb.Options(), opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	orders, err := ordersv0.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return orders
}

func statuses(ex []spapitest.Exchange, status int) int {
	n := 0
	for _, e := range ex {
		if e.Status == status {
			n++
		}
	}
	return n
}

// 200 getOrder calls (usage plan 0.5/s, burst 30) through the typed
// client: the runtime's limiter, on the sandbox's virtual clock, spaces
// them as the plan allows, so the sandbox enforcing the plan throttles
// none, and 340 s of plan take well under 2 s of wall time.
func TestUsagePlanOnVirtualClock(t *testing.T) {
	sb := ordersSandbox(t, spapitest.EnforcePlans())
	op := findOp(t, sb, "getOrder")
	if op.Rate != 0.5 || op.Burst != 30 {
		t.Fatalf("getOrder's plan is %v/s burst %d; the test wants 0.5/s burst 30", op.Rate, op.Burst)
	}
	orders := ordersClient(t, sb, sb.Config())
	ctx := context.Background()
	start := time.Now()
	for i := range 200 {
		if _, err := orders.GetOrder(ctx, "TEST_CASE_200"); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	wall := time.Since(start)
	ex := sb.Exchanges("getOrder")
	throttled := statuses(ex, http.StatusTooManyRequests)
	virtual := sb.Clock().Now().Sub(epoch)
	t.Logf("200 getOrder calls: %d requests, %d answered 429, %v of wall time, %v of virtual time", len(ex), throttled, wall, virtual)
	if wall > 2*time.Second {
		t.Errorf("took %v of wall time; want under 2s", wall)
	}
	if throttled > 3 {
		t.Errorf("%d requests throttled; the runtime's limiter should keep it to a handful", throttled)
	}
	// 170 requests beyond the burst at 2 s each.
	if virtual < 340*time.Second || virtual > 360*time.Second {
		t.Errorf("virtual time advanced %v; want about 340s", virtual)
	}
	sb.AssertWithinPlans(t)
	for _, e := range ex {
		if e.Seller == "" || e.Header.Get("X-Amz-Access-Token") != spapitest.Redacted {
			t.Fatalf("exchange %+v: want a seller and a redacted token", e)
		}
	}
}

// unlimited lets every request through, so that the sandbox's plan is
// what throttles.
type unlimited struct{}

func (unlimited) Wait(context.Context, string, spapi.Limit) error { return nil }

// Each selling partner has its own bucket: the 31st call of one seller in
// the same instant is throttled (429 QuotaExceeded with
// x-amzn-RateLimit-Limit, not retried here), while another seller's first
// 30 pass; WithinPlans then names the request above the plan.
func TestUsagePlansPerSeller(t *testing.T) {
	sb := ordersSandbox(t, spapitest.EnforcePlans())
	noRetry := spapi.WithRetryer(spapi.StandardRetryer{MaxAttempts: 1})
	a := ordersClient(t, sb, sb.Config(), spapi.WithLimiter(unlimited{}), noRetry)
	cfgB := sb.Config()
	cfgB.RefreshToken = "Atzr|another-seller"
	b := ordersClient(t, sb, cfgB, spapi.WithLimiter(unlimited{}), noRetry)
	ctx := context.Background()
	for i := range 30 {
		if _, err := a.GetOrder(ctx, "TEST_CASE_200"); err != nil {
			t.Fatalf("seller A call %d: %v", i, err)
		}
	}
	_, err := a.GetOrder(ctx, "TEST_CASE_200")
	var apiErr *spapi.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || !apiErr.Throttled() || apiErr.Errors[0].Code != spapitest.CodeQuotaExceeded {
		t.Fatalf("seller A's 31st call: %v; want 429 QuotaExceeded", err)
	}
	if apiErr.RateLimit != 0.5 {
		t.Errorf("x-amzn-RateLimit-Limit read as %v; want 0.5", apiErr.RateLimit)
	}
	for i := range 30 {
		if _, err := b.GetOrder(ctx, "TEST_CASE_200"); err != nil {
			t.Fatalf("seller B call %d: %v", i, err)
		}
	}
	err = sb.WithinPlans()
	var pe *spapitest.PlanError
	if !errors.As(err, &pe) || pe.Count != 1 || pe.First[0].Operation != "getOrder" {
		t.Fatalf("WithinPlans: %v; want one getOrder request above its plan", err)
	}
	sellers := map[string]int{}
	for _, e := range sb.Exchanges("getOrder") {
		sellers[e.Seller]++
	}
	if len(sellers) != 2 || sellers[pe.First[0].Seller] != 31 {
		t.Errorf("requests per seller %v; want 31 and 30", sellers)
	}
}

func findOp(t *testing.T, sb *spapitest.Server, id string) *spapitest.Operation {
	t.Helper()
	for _, m := range sb.Models() {
		for _, op := range m.Operations {
			if op.ID == id {
				return op
			}
		}
	}
	t.Fatalf("no operation %s", id)
	return nil
}
