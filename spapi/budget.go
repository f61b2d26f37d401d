package spapi

import (
	"context"
	"errors"
	"net"
	"sync"
)

// RetryBudget is a retry quota shared by every request of a client (and of
// every seller's client of a [Fleet]), as aws-sdk-go-v2's retry token
// bucket: each retry takes RetryCost tokens (TimeoutCost after a timeout or
// network failure), a request that succeeds first time puts back one, and
// a retry that succeeds puts back what it took. When the budget cannot pay
// for a retry the request is not retried and its last result goes to the
// caller, so an outage does not multiply the load on Amazon. Retries stay
// subject to [Attempt.Safe] and the [Retryer]; the budget only ever
// removes retries.
type RetryBudget struct {
	// Capacity is the most tokens the budget holds (default 500).
	Capacity int
	// RetryCost is taken by a retry after a throttle or a server error
	// (default 5).
	RetryCost int
	// TimeoutCost is taken by a retry after a timeout or a network failure
	// (default 10).
	TimeoutCost int
	// SuccessRefund is put back by a request that succeeds on its first
	// attempt (default 1).
	SuccessRefund int

	once   sync.Once
	mu     sync.Mutex
	tokens int
}

// NewRetryBudget returns a full budget of capacity tokens with the default
// costs.
func NewRetryBudget(capacity int) *RetryBudget { return &RetryBudget{Capacity: capacity} }

func (b *RetryBudget) init() {
	b.once.Do(func() {
		if b.Capacity <= 0 {
			b.Capacity = 500
		}
		if b.RetryCost <= 0 {
			b.RetryCost = 5
		}
		if b.TimeoutCost <= 0 {
			b.TimeoutCost = 10
		}
		if b.SuccessRefund <= 0 {
			b.SuccessRefund = 1
		}
		b.tokens = b.Capacity
	})
}

// Available returns the tokens left.
func (b *RetryBudget) Available() int {
	b.init()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens
}

// cost is what retrying after a ended costs.
func (b *RetryBudget) cost(a Attempt) int {
	b.init()
	if a.Err != nil {
		var ne net.Error
		if errors.Is(a.Err, context.DeadlineExceeded) || (errors.As(a.Err, &ne) && ne.Timeout()) || IsNetwork(a.Err) {
			return b.TimeoutCost
		}
	}
	return b.RetryCost
}

// take takes n tokens if the budget has them.
func (b *RetryBudget) take(n int) bool {
	b.init()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < n {
		return false
	}
	b.tokens -= n
	return true
}

// refundSuccess puts back what a first-time success earns.
func (b *RetryBudget) refundSuccess() {
	b.init()
	b.refund(b.SuccessRefund)
}

// refund puts n tokens back, up to the capacity.
func (b *RetryBudget) refund(n int) {
	b.init()
	b.mu.Lock()
	b.tokens = min(b.Capacity, b.tokens+n)
	b.mu.Unlock()
}
