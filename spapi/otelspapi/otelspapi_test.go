package otelspapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"golang.org/x/oauth2"
)

// TestSpansAndMetrics: two calls of an operation limited to 5/s with a
// burst of 1, the first throttled once by the server: each call gets a
// span with its operation, status, attempts, throttles and limiter wait,
// exported by the SDK's in-memory exporter, and the metrics add up in a
// ManualReader.
func TestSpansAndMetrics(t *testing.T) {
	var hits atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-amzn-RequestId", "req-otel")
		if hits.Add(1) == 1 {
			w.WriteHeader(429)
			json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"code": "QuotaExceeded", "message": "You exceeded your quota for the requested resource."}}})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"payload": "ok"})
	}))
	defer api.Close()

	exporter := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: "otel-access-token", Expiry: time.Now().Add(time.Hour)}, nil
	})
	c, err := spapi.New(spapi.Config{Endpoint: api.URL, SellingPartnerID: "A1OTEL"}, spapi.WithTokenSource(ts),
		spapi.WithRetryer(spapi.StandardRetryer{BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}),
		Option(WithTracerProvider(tp), WithMeterProvider(mp)))
	if err != nil {
		t.Fatal(err)
	}
	op := &spapi.Operation{ID: "getInventorySummaries", API: "fbainventory", Method: "GET", Path: "/fba/inventory/v1/summaries", Rate: 5, Burst: 1}
	for range 2 {
		req, _ := http.NewRequestWithContext(spapi.WithOperation(t.Context(), op), "GET", api.URL+op.Path, nil)
		if _, err := spapi.Check(c.HTTPClient().Do(req)); err != nil {
			t.Fatal(err)
		}
	}

	spans := exporter.GetSpans()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	attrs := func(s tracetest.SpanStub) map[attribute.Key]attribute.Value {
		m := map[attribute.Key]attribute.Value{}
		for _, a := range s.Attributes {
			m[a.Key] = a.Value
		}
		return m
	}
	first, second := attrs(spans[0]), attrs(spans[1])
	for i, s := range spans {
		a := attrs(s)
		if s.Name != "fbainventory.getInventorySummaries" || a[AttrOperation].AsString() != "fbainventory.getInventorySummaries" ||
			a[AttrStatus].AsInt64() != 200 || a[AttrRequestID].AsString() != "req-otel" || s.Status.Code == codes.Error {
			t.Fatalf("span %d: %s %v status %v", i, s.Name, s.Attributes, s.Status)
		}
	}
	// The first call: throttled once, retried at once (its bucket token
	// was spent, so the retry waited ~200ms). The second: one attempt
	// that waited for the limiter.
	if first[AttrAttempts].AsInt64() != 2 || first[AttrThrottles].AsInt64() != 1 {
		t.Fatalf("first span: %v", spans[0].Attributes)
	}
	if second[AttrAttempts].AsInt64() != 1 || second[AttrThrottles].AsInt64() != 0 || second[AttrLimiterWait].AsFloat64() < 0.1 {
		t.Fatalf("second span: %v; want 1 attempt and a limiter wait of ~0.2s", spans[1].Attributes)
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	sums := map[string]int64{}
	counts := map[string]uint64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					sums[m.Name] += p.Value
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					counts[m.Name] += p.Count
				}
			}
		}
	}
	if sums["spapi.calls"] != 2 || sums["spapi.attempts"] != 3 || sums["spapi.throttles"] != 1 ||
		counts["spapi.call.duration"] != 2 || counts["spapi.limiter.wait"] != 2 {
		t.Fatalf("metrics: sums %v, histogram counts %v", sums, counts)
	}
}

// TestErrorSpanIsScrubbed: a failed call's span is an error whose text
// carries no credential from a presigned URL.
func TestErrorSpanIsScrubbed(t *testing.T) {
	exporter := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	c, err := spapi.New(spapi.Config{Endpoint: "http://127.0.0.1:1", SellingPartnerID: "A1OTEL"},
		spapi.WithTokenSource(spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
			return &oauth2.Token{AccessToken: "x"}, nil
		})), spapi.WithRetryBudget(nil), spapi.WithRetryer(spapi.StandardRetryer{MaxAttempts: 1}), Option(WithTracerProvider(tp)))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "http://127.0.0.1:1/doc?X-Amz-Signature=sig-5f3e2d1c0b9a", nil)
	if _, err := c.HTTPClient().Do(req); err == nil {
		t.Fatal("want a connection error")
	}
	spans := exporter.GetSpans()
	if len(spans) != 1 || spans[0].Status.Code != codes.Error {
		t.Fatalf("spans %v", spans)
	}
	for _, ev := range spans[0].Events {
		for _, a := range ev.Attributes {
			if s := a.Value.Emit(); strings.Contains(s, "sig-5f3e2d1c0b9a") {
				t.Fatalf("span event leaks the signature: %s", s)
			}
		}
	}
	if strings.Contains(spans[0].Status.Description, "sig-5f3e2d1c0b9a") {
		t.Fatalf("span status leaks the signature: %s", spans[0].Status.Description)
	}
}
