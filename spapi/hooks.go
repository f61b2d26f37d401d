package spapi

import (
	"fmt"
	"net/http"
	"slices"
)

// Step names an insertion point in the request path where [WithMiddleware]
// adds behaviour without replacing the transport, the way aws-sdk-go-v2
// names its middleware steps. Outermost first:
//
//	StepCall     once per call, before the call timeout, quota windows
//	             and retries: the operation is known, nothing is sent yet
//	             (aws-sdk-go-v2's Initialize). Tracing belongs here.
//	StepAttempt  once per attempt, before authentication and the rate
//	             limiter (Build).
//	StepSend     once per attempt, after authentication and the limiter,
//	             just before the attempt timeout and the wire: the request
//	             carries its access token (Finalize). Requests to other
//	             hosts (presigned document URLs) pass here too.
type Step string

// The steps, outermost first.
const (
	StepCall    Step = "call"
	StepAttempt Step = "attempt"
	StepSend    Step = "send"
)

// Middleware wraps the rest of the request path at one Step.
type Middleware func(next http.RoundTripper) http.RoundTripper

// namedMiddleware is a Middleware with its step and name.
type namedMiddleware struct {
	step Step
	name string
	m    Middleware
}

// WithMiddleware adds m at step under name. Within a step, middleware
// runs in the order added, the first outermost; a name may be used once
// per step.
func WithMiddleware(step Step, name string, m Middleware) Option {
	return func(o *options) { o.middleware = append(o.middleware, namedMiddleware{step, name, m}) }
}

// checkMiddleware rejects unknown steps, nil middleware and reused names.
func checkMiddleware(ms []namedMiddleware) error {
	seen := map[Step][]string{}
	for _, m := range ms {
		switch m.step {
		case StepCall, StepAttempt, StepSend:
		default:
			return fmt.Errorf("spapi: middleware %q: unknown step %q", m.name, m.step)
		}
		if m.m == nil {
			return fmt.Errorf("spapi: middleware %q at step %s is nil", m.name, m.step)
		}
		if slices.Contains(seen[m.step], m.name) {
			return fmt.Errorf("spapi: middleware %q added twice at step %s", m.name, m.step)
		}
		seen[m.step] = append(seen[m.step], m.name)
	}
	return nil
}

// wrap puts the middleware of step around next, the first added
// outermost.
func wrap(step Step, ms []namedMiddleware, next http.RoundTripper) http.RoundTripper {
	for _, m := range slices.Backward(ms) {
		if m.step == step {
			next = m.m(next)
		}
	}
	return next
}
