package notifications_test

import (
	"testing"

	"github.com/spgen/spgen/generated/schemas"
	"github.com/spgen/spgen/internal/benchratio"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
	"github.com/spgen/spgen/spapi/notifications"
)

// BenchmarkValidate compares the generated Validate of ORDER_CHANGE's
// example (nullable members and enums) with jsonschema/v5
// validating the same instance (already decoded on both sides) against the
// same schema, and reports the ratio as x-vs-jsonschema-v5 (target ≥ 20).
func BenchmarkValidate(b *testing.B) {
	body := bodies(b)["OrderChangeNotification.json"]
	n, err := notifications.Parse(body)
	if err != nil {
		b.Fatal(err)
	}
	var oracle *actionschema.Compiled
	for _, e := range schemas.Entries() {
		if e.Path == "notifications/OrderChangeNotification" {
			norm, _ := actionschema.NormalizeDocument(mustDecode(b, e.New().Schema()))
			if oracle, err = actionschema.CompileDocument("OrderChangeNotification", norm); err != nil {
				b.Fatal(err)
			}
		}
	}
	inst := mustDecode(b, body)
	if err := n.Value.Validate(); err != nil {
		b.Fatal(err)
	}
	if err := oracle.Validate(inst); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if ratio == nil {
		bn, gn := benchratio.Interleaved(func() { _ = oracle.Validate(inst) }, func() { _ = n.Value.Validate() })
		ratio = []float64{bn, bn / gn}
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		_ = n.Value.Validate()
	}
	b.StopTimer()
	b.ReportMetric(ratio[0], "jsonschema-v5-ns/op")
	b.ReportMetric(ratio[1], "x-vs-jsonschema-v5")
}

var ratio []float64

func mustDecode(tb testing.TB, data []byte) any {
	v, err := actionschema.DecodeInstance(data)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// BenchmarkParseAndValidate compares the whole path from an SQS body:
// Parse (strict generated decoding) + Validate, against decoding with
// UseNumber + jsonschema/v5, for ORDER_CHANGE, reported as x-vs-jsonschema-v5.
func BenchmarkParseAndValidate(b *testing.B) {
	body := bodies(b)["OrderChangeNotification.json"]
	var oracle *actionschema.Compiled
	for _, e := range schemas.Entries() {
		if e.Path == "notifications/OrderChangeNotification" {
			norm, _ := actionschema.NormalizeDocument(mustDecode(b, e.New().Schema()))
			var err error
			if oracle, err = actionschema.CompileDocument("OrderChangeNotification", norm); err != nil {
				b.Fatal(err)
			}
		}
	}
	gen := func() {
		n, err := notifications.Parse(body)
		if err != nil {
			b.Fatal(err)
		}
		if err := n.Value.Validate(); err != nil {
			b.Fatal(err)
		}
	}
	base := func() {
		if err := oracle.Validate(mustDecode(b, body)); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if parseRatio == nil {
		bn, gn := benchratio.Interleaved(base, gen)
		parseRatio = []float64{bn, bn / gn}
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		gen()
	}
	b.StopTimer()
	b.ReportMetric(parseRatio[0], "jsonschema-v5-ns/op")
	b.ReportMetric(parseRatio[1], "x-vs-jsonschema-v5")
}

var parseRatio []float64
