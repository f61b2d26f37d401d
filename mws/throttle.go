package mws

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// quota is an MWS throttling rule: a bucket of burst requests refilled
// by one every restore.
type quota struct {
	burst   int
	restore time.Duration
}

// documentedQuotas are the maximum request quotas and restore rates of the
// MWS documentation (Orders, Products and Feeds API references; the same
// table is in Amazon's MWS throttling guide): ListOrders 6, one a minute;
// GetOrder 6, one a minute; ListOrderItems 30, one every 2 s;
// GetMatchingProduct 20, two ASINs a second; SubmitFeed 15, one every 2
// min; GetFeedSubmissionResult 15, one a minute. An action and its
// ByNextToken sibling share one bucket. GetMatchingProduct counts ASINs.
var documentedQuotas = map[string]quota{
	"ListOrders":              {6, time.Minute},
	"GetOrder":                {6, time.Minute},
	"ListOrderItems":          {30, 2 * time.Second},
	"GetMatchingProduct":      {20, 500 * time.Millisecond},
	"SubmitFeed":              {15, 2 * time.Minute},
	"GetFeedSubmissionResult": {15, time.Minute},
}

// group maps an action to the bucket it draws from.
func group(action string) string {
	switch action {
	case "ListOrdersByNextToken":
		return "ListOrders"
	case "ListOrderItemsByNextToken":
		return "ListOrderItems"
	}
	return action
}

// limits holds one rate.Limiter per throttling group.
type limits struct {
	mu  sync.Mutex
	q   map[string]quota
	lim map[string]*rate.Limiter
}

func newLimits() *limits {
	l := &limits{q: map[string]quota{}, lim: map[string]*rate.Limiter{}}
	for k, v := range documentedQuotas {
		l.q[k] = v
	}
	return l
}

func (l *limits) set(action string, burst int, restore time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	g := group(action)
	l.q[g] = quota{burst, restore}
	delete(l.lim, g)
}

// wait takes n tokens of action's bucket, waiting as long as needed or
// until ctx ends.
func (l *limits) wait(ctx context.Context, action string, n int) error {
	g := group(action)
	l.mu.Lock()
	lim, ok := l.lim[g]
	if !ok {
		q, known := l.q[g]
		if !known {
			q = quota{10, time.Second}
		}
		lim = rate.NewLimiter(rate.Every(q.restore), q.burst)
		l.lim[g] = lim
	}
	l.mu.Unlock()
	return lim.WaitN(ctx, min(n, lim.Burst()))
}
