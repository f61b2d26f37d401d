package spapi

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestRetryBudgetUnderOutage: 100 callers against an SP-API answering
// every request 503. Once the shared budget is spent, calls are no longer
// retried (attempts per call fall to 1), and when the outage ends calls
// succeed at once and refill the budget.
func TestRetryBudgetUnderOutage(t *testing.T) {
	lwa := newLWAServer(t)
	var down atomic.Bool
	down.Store(true)
	var attempts atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		if down.Load() {
			writeJSON(w, 503, errorsBody("ServiceUnavailable", "Service temporarily unavailable.", ""))
			return
		}
		writeJSON(w, 200, map[string]any{"payload": "ok"})
	}))
	defer api.Close()
	budget := NewRetryBudget(500)
	c := newTestClient(t, lwa, api.URL, WithRetryBudget(budget))

	// round makes callers × per calls and returns the attempts they took
	// and the statuses they got.
	round := func(c *Client, callers, per int) (int64, map[int]int) {
		before := attempts.Load()
		var mu sync.Mutex
		statuses := map[int]int{}
		var wg sync.WaitGroup
		for range callers {
			wg.Go(func() {
				for range per {
					status, _, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					statuses[status]++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return attempts.Load() - before, statuses
	}

	const callers = 100
	unbudgeted, _ := round(newTestClient(t, lwa, api.URL, WithRetryBudget(nil)), callers, 1)
	t.Logf("outage, no budget: %d calls took %d attempts (%.2fx)", callers, unbudgeted, float64(unbudgeted)/callers)
	if unbudgeted != callers*int64(fastRetryer.MaxAttempts) {
		t.Fatalf("without a budget %d attempts for %d calls; want MaxAttempts each", unbudgeted, callers)
	}
	first, st := round(c, callers, 5)
	calls := callers * 5
	t.Logf("outage, budget 500 (retry cost 5): %d calls took %d attempts (%.2fx)", calls, first, float64(first)/float64(calls))
	if st[503] != calls {
		t.Fatalf("statuses %v; want every call to end with the 503", st)
	}
	if float64(first) > 1.5*float64(calls) {
		t.Fatalf("%d attempts for %d calls: more than 1.5x", first, calls)
	}
	if budget.Available() >= budget.RetryCost {
		t.Fatalf("budget has %d tokens left after the outage; want it spent", budget.Available())
	}
	spent, _ := round(c, callers, 1)
	t.Logf("outage, budget spent: %d calls took %d attempts (%.2fx)", callers, spent, float64(spent)/callers)
	if spent != callers {
		t.Fatalf("%d attempts for %d calls with the budget spent; want no retries", spent, callers)
	}

	down.Store(false)
	ok, st := round(c, callers, 1)
	if ok != callers || st[200] != callers {
		t.Fatalf("after the outage: %d attempts, statuses %v; want %d successes at first try", ok, st, callers)
	}
	if got := budget.Available(); got < callers*budget.SuccessRefund {
		t.Fatalf("budget %d after %d successes; want it refilled by %d", got, callers, callers*budget.SuccessRefund)
	}
	t.Logf("recovered: %d calls succeeded first time, budget back to %d", callers, budget.Available())
}

// TestRetryBudgetRefundsSuccessfulRetry: a retry that succeeds puts back
// what it took; a first-time success adds one, up to the capacity.
func TestRetryBudgetRefundsSuccessfulRetry(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 503, 200)
	b := &RetryBudget{Capacity: 20, RetryCost: 5}
	c := newTestClient(t, lwa, api.URL, WithRetryBudget(b))
	status, _, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if err != nil || status != 200 || hits.Load() != 2 || b.Available() != 20 {
		t.Fatalf("status %d err %v after %d requests, budget %d; want 200 after 2 and 20 back", status, err, hits.Load(), b.Available())
	}
	b.take(12)
	do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if b.Available() != 9 {
		t.Fatalf("budget %d after a first-time success from 8; want 9", b.Available())
	}
	// 9 tokens pay for one retry of 5, not two.
	api2, hits2 := countingServer(t, 503)
	c2 := newTestClient(t, lwa, api2.URL, WithRetryBudget(b))
	do(t, c2, opRequest(t, t.Context(), opGetOrders, api2.URL+"/orders/v0/orders", nil))
	if hits2.Load() != 2 || b.Available() != 4 {
		t.Fatalf("%d attempts, budget %d; want 2 and 4", hits2.Load(), b.Available())
	}
}
