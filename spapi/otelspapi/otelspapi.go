// Package otelspapi traces and measures SP-API calls with OpenTelemetry:
// a span per call named after its operation, with the operation, status,
// attempts, throttles and time spent waiting on the rate limiter, and
// metrics for the same. It is a StepCall middleware for spapi (the core
// package does not depend on OpenTelemetry) and touches nothing but the
// tracer and meter providers it is given.
//
//	c, err := spapi.New(cfg, otelspapi.Option())
package otelspapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/spgen/spgen/spapi"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName is the instrumentation scope of the tracer and meter.
const ScopeName = "github.com/spgen/spgen/spapi/otelspapi"

// Attribute keys set on spans and metrics.
const (
	AttrOperation   = attribute.Key("spapi.operation")    // "<api>.<operationId>"
	AttrAttempts    = attribute.Key("spapi.attempts")     // tries made
	AttrThrottles   = attribute.Key("spapi.throttles")    // attempts answered 429
	AttrLimiterWait = attribute.Key("spapi.limiter_wait") // seconds waited for the rate limiter
	AttrBudgetSpent = attribute.Key("spapi.retry_budget_spent")
	AttrStatus      = attribute.Key("http.response.status_code")
	AttrMethod      = attribute.Key("http.request.method")
	AttrRequestID   = attribute.Key("spapi.request_id") // x-amzn-RequestId
)

type config struct {
	tp trace.TracerProvider
	mp metric.MeterProvider
}

// Opt customises the middleware.
type Opt func(*config)

// WithTracerProvider sets the tracer provider (default otel's global).
func WithTracerProvider(tp trace.TracerProvider) Opt { return func(c *config) { c.tp = tp } }

// WithMeterProvider sets the meter provider (default otel's global).
func WithMeterProvider(mp metric.MeterProvider) Opt { return func(c *config) { c.mp = mp } }

// Option returns the spapi.Option adding the middleware at spapi.StepCall
// under the name "otelspapi".
func Option(opts ...Opt) spapi.Option {
	return spapi.WithMiddleware(spapi.StepCall, "otelspapi", Middleware(opts...))
}

// instruments are the metrics recorded per call.
type instruments struct {
	calls       metric.Int64Counter
	duration    metric.Float64Histogram
	attempts    metric.Int64Counter
	throttles   metric.Int64Counter
	limiterWait metric.Float64Histogram
}

// Middleware returns the tracing and metrics middleware for
// spapi.StepCall. Requests without operation metadata (presigned
// document URLs) get a span named after their method.
func Middleware(opts ...Opt) spapi.Middleware {
	c := config{tp: otel.GetTracerProvider(), mp: otel.GetMeterProvider()}
	for _, o := range opts {
		o(&c)
	}
	tracer := c.tp.Tracer(ScopeName)
	meter := c.mp.Meter(ScopeName)
	var in instruments
	// Instrument creation fails only for invalid names, which these are
	// not; a nil-safe no-op stays in place if it ever did.
	in.calls, _ = meter.Int64Counter("spapi.calls", metric.WithDescription("SP-API calls, by operation and final status"))
	in.duration, _ = meter.Float64Histogram("spapi.call.duration", metric.WithUnit("s"), metric.WithDescription("Duration of SP-API calls, retries and waits included"))
	in.attempts, _ = meter.Int64Counter("spapi.attempts", metric.WithDescription("Attempts made by SP-API calls"))
	in.throttles, _ = meter.Int64Counter("spapi.throttles", metric.WithDescription("SP-API attempts answered 429"))
	in.limiterWait, _ = meter.Float64Histogram("spapi.limiter.wait", metric.WithUnit("s"), metric.WithDescription("Time SP-API calls waited for the rate limiter"))
	return func(next http.RoundTripper) http.RoundTripper {
		return &transport{next: next, tracer: tracer, in: in}
	}
}

type transport struct {
	next   http.RoundTripper
	tracer trace.Tracer
	in     instruments
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	name := req.Method
	opName := ""
	if op, ok := spapi.OperationFromContext(req.Context()); ok {
		opName = op.API + "." + op.ID
		name = opName
	}
	ctx, span := t.tracer.Start(req.Context(), name, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(AttrMethod.String(req.Method), AttrOperation.String(opName)))
	defer span.End()
	ctx, stats := spapi.WithCallStats(ctx)
	start := time.Now()
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	elapsed := time.Since(start)

	attrs := []attribute.KeyValue{AttrOperation.String(opName)}
	status := 0
	if err != nil {
		// Transport errors may quote a URL (a presigned one, signature and
		// all): record only scrubbed text.
		msg := spapi.RedactURL(spapi.Scrub(err.Error()))
		span.RecordError(errors.New(msg))
		span.SetStatus(codes.Error, msg)
	} else {
		status = resp.StatusCode
		if id := resp.Header.Get("x-amzn-RequestId"); id != "" {
			span.SetAttributes(AttrRequestID.String(id))
		}
		if status >= 400 {
			span.SetStatus(codes.Error, http.StatusText(status))
		}
	}
	attrs = append(attrs, AttrStatus.Int(status))
	span.SetAttributes(AttrStatus.Int(status),
		AttrAttempts.Int(stats.Attempts()),
		AttrThrottles.Int(stats.Throttles()),
		AttrLimiterWait.Float64(stats.LimiterWait().Seconds()),
		AttrBudgetSpent.Bool(stats.RetryBudgetSpent()))

	set := metric.WithAttributes(attrs...)
	opOnly := metric.WithAttributes(AttrOperation.String(opName))
	ctx = req.Context()
	t.in.calls.Add(ctx, 1, set)
	t.in.duration.Record(ctx, elapsed.Seconds(), set)
	t.in.attempts.Add(ctx, int64(stats.Attempts()), opOnly)
	if n := stats.Throttles(); n > 0 {
		t.in.throttles.Add(ctx, int64(n), opOnly)
	}
	t.in.limiterWait.Record(ctx, stats.LimiterWait().Seconds(), opOnly)
	return resp, err
}
