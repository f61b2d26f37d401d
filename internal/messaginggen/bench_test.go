package messaginggen_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spgen/spgen/generated/messagingactions"
	"github.com/spgen/spgen/internal/benchratio"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// benchRequests are a valid and an invalid confirmCustomizationDetails
// request: a realistic message (with non-ASCII text) and attachments.
func benchRequests() map[string]*messagingactions.ConfirmCustomizationDetailsRequest {
	body := strings.Repeat("Bitte bestätigen Sie die Gravur „Anna & Jörg“. ", 15) // 705 runes, 735 bytes
	atts := []messagingactions.ConfirmCustomizationDetailsAttachment{
		{FileName: ptr("proof.png"), ID: ptr("sc/7ae2d3b1-fdd3-42c4-98c4-9cc509fb95d8.png")},
		{FileName: ptr("font.pdf"), ID: ptr("sc/0b6a1c1e-2d7a-4b55-9f0e-3b2f6c1c2d11.pdf")},
		{FileName: ptr("notes.txt"), ID: ptr("sc/9e0b4f6e-1c7d-4a0b-8f7a-2f5d0c9a8b7e.txt")},
	}
	six := append(append([]messagingactions.ConfirmCustomizationDetailsAttachment{}, atts...), atts...)
	return map[string]*messagingactions.ConfirmCustomizationDetailsRequest{
		"valid":   {RawMessageBody: body, Attachments: atts},
		"invalid": {RawMessageBody: body + strings.Repeat("x", 100), Attachments: six},
	}
}

// BenchmarkValidate compares the generated Validate with jsonschema/v5
// validating the same request (already decoded, so neither side pays for
// JSON parsing) against the same normalised schema. It reports the
// generated code's ns/op and allocs/op, the baseline's ns/op, and the speed
// ratio as x-vs-jsonschema-v5 (target ≥ 20, and 0 allocs/op when valid).
func BenchmarkValidate(b *testing.B) {
	oracle, err := actionschema.Compile("confirmCustomizationDetails", subschema(b, fixtureResponse, "confirmCustomizationDetails", ""))
	if err != nil {
		b.Fatal(err)
	}
	// ratios holds, per request, the baseline's ns/op and the speed ratio,
	// measured once (interleaved) across the rounds with growing b.N.
	ratios := map[string][]float64{}
	for _, name := range []string{"valid", "invalid"} {
		req := benchRequests()[name]
		b.Run(name, func(b *testing.B) {
			data, err := json.Marshal(req)
			if err != nil {
				b.Fatal(err)
			}
			inst, err := actionschema.DecodeInstance(data)
			if err != nil {
				b.Fatal(err)
			}
			genErr, baseErr := req.Validate(), oracle.Validate(inst)
			if (genErr == nil) != (name == "valid") || (baseErr == nil) != (name == "valid") {
				b.Fatalf("verdicts: generated %v, jsonschema/v5 %v", genErr, baseErr)
			}

			b.StopTimer()
			if ratios[name] == nil {
				bn, gn := benchratio.Interleaved(func() { baseErr = oracle.Validate(inst) }, func() { genErr = req.Validate() })
				ratios[name] = []float64{bn, bn / gn}
			}
			b.ResetTimer()
			b.ReportAllocs()
			b.StartTimer()
			for i := 0; i < b.N; i++ {
				genErr = req.Validate()
			}
			b.StopTimer()
			b.ReportMetric(ratios[name][0], "jsonschema-v5-ns/op")
			b.ReportMetric(ratios[name][1], "x-vs-jsonschema-v5")
			_, _ = genErr, baseErr
		})
	}
}

// BenchmarkDecodeAndValidate compares the whole path from JSON bytes: the
// generated UnmarshalJSON + Validate against decoding with UseNumber +
// jsonschema/v5, reporting the ratio as x-vs-jsonschema-v5.
func BenchmarkDecodeAndValidate(b *testing.B) {
	oracle, err := actionschema.Compile("confirmCustomizationDetails", subschema(b, fixtureResponse, "confirmCustomizationDetails", ""))
	if err != nil {
		b.Fatal(err)
	}
	data, err := json.Marshal(benchRequests()["valid"])
	if err != nil {
		b.Fatal(err)
	}
	decodeAndValidate := func() {
		var r messagingactions.ConfirmCustomizationDetailsRequest
		if err := json.Unmarshal(data, &r); err != nil {
			b.Fatal(err)
		}
		if err := r.Validate(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if decodeRatio == nil {
		bn, gn := benchratio.Interleaved(func() {
			inst, err := actionschema.DecodeInstance(data)
			if err != nil {
				b.Fatal(err)
			}
			if err := oracle.Validate(inst); err != nil {
				b.Fatal(err)
			}
		}, decodeAndValidate)
		decodeRatio = []float64{bn, bn / gn}
	}
	b.ResetTimer()
	b.ReportAllocs()
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		decodeAndValidate()
	}
	b.StopTimer()
	b.ReportMetric(decodeRatio[0], "jsonschema-v5-ns/op")
	b.ReportMetric(decodeRatio[1], "x-vs-jsonschema-v5")
}

// decodeRatio caches BenchmarkDecodeAndValidate's baseline ns/op and ratio
// across the rounds the testing package runs it with growing b.N.
var decodeRatio []float64
