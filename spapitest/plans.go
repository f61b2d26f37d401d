package spapitest

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimitHeader is the response header with the rate (requests per
// second) of the operation's usage plan, as SP-API sends it.
const RateLimitHeader = "x-amzn-RateLimit-Limit"

// CodeQuotaExceeded is the error code of a throttled request.
const CodeQuotaExceeded = "QuotaExceeded"

// EnforcePlans makes the sandbox throttle every operation by its usage
// plan ([Operation.Rate] and [Operation.Burst]), one token bucket per
// selling partner ([Exchange.Seller]) and operation on the sandbox's
// [Clock], as SP-API does: a request that finds the bucket empty gets 429
// QuotaExceeded in the operation's error shape, and every answer carries
// x-amzn-RateLimit-Limit. Without it the sandbox only marks such requests
// ([Exchange.AbovePlan]) and serves them.
func EnforcePlans() Option { return func(c *config) { c.enforcePlans = true } }

// plans keeps a token bucket per (seller, operation) with a usage plan.
type plans struct {
	mu      sync.Mutex
	buckets map[planKey]*rate.Limiter
}

type planKey struct{ seller, op string }

// admit takes a token from the bucket of (seller, op) at now and reports
// whether there was one; operations without a plan always pass.
func (p *plans) admit(seller string, op *Operation, now time.Time) bool {
	if op == nil || op.Rate <= 0 {
		return true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.buckets == nil {
		p.buckets = map[planKey]*rate.Limiter{}
	}
	k := planKey{seller, op.ID}
	b := p.buckets[k]
	if b == nil {
		b = rate.NewLimiter(rate.Limit(op.Rate), max(op.Burst, 1)) // full
		p.buckets[k] = b
	}
	return b.AllowN(now, 1)
}

// checkPlan counts the request against its operation's usage plan; when
// the bucket is empty it marks ex, and with EnforcePlans answers 429 and
// returns true.
func (s *Server) checkPlan(w http.ResponseWriter, r *http.Request, op *Operation, ex *Exchange) bool {
	if op == nil || op.Rate <= 0 {
		return false
	}
	if s.cfg.enforcePlans {
		w.Header().Set(RateLimitHeader, formatRate(op.Rate))
	}
	if s.plans.admit(ex.Seller, op, ex.Time) {
		return false
	}
	ex.AbovePlan = true
	s.planViolation(*ex)
	if !s.cfg.enforcePlans {
		return false
	}
	s.throttle(w, r, op, "usage plan of "+formatRate(op.Rate)+"/s burst "+strconv.Itoa(op.Burst)+" exceeded")
	return true
}

// throttle answers 429 QuotaExceeded as SP-API does.
func (s *Server) throttle(w http.ResponseWriter, r *http.Request, op *Operation, why string) {
	if op != nil && op.Rate > 0 {
		w.Header().Set(RateLimitHeader, formatRate(op.Rate))
	}
	s.log(r, op, http.StatusTooManyRequests, why)
	writeJSON(w, http.StatusTooManyRequests, errorContentType(op, http.StatusTooManyRequests),
		errorBody(op, http.StatusTooManyRequests, CodeQuotaExceeded, "You exceeded your quota for the requested resource.", ""))
}

func formatRate(r float64) string { return strconv.FormatFloat(r, 'f', -1, 64) }
