package mwsxmlgen

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/spgen/spgen/internal/tempmod"
)

// feedProgram writes one fulfillment feed with generated types only (no
// hand-written helper of package mwsxml), so both layouts build the same
// program: ENVPKG is the package holding AmazonEnvelope and
// OrderFulfillment, BASEPKG the one holding the amzn-base types.
const feedProgram = `package main

import (
	"os"
	"time"

	amzn "example.com/bench/ENVPKG"
	base "example.com/bench/BASEPKG"
	"github.com/spgen/spgen/mwsxml/xsdrt"
)

func main() {
	env := amzn.AmazonEnvelope{
		Header:      &base.Header{DocumentVersion: "1.01", MerchantIdentifier: "A1EXAMPLE2SELLER"},
		MessageType: amzn.AmazonEnvelopeMessageTypeOrderFulfillment,
		Message: []amzn.AmazonEnvelopeMessage{{MessageID: 1, OrderFulfillment: &amzn.OrderFulfillment{
			AmazonOrderID:   xsdrt.Ptr[base.AmazonOrderID]("112-3456789-0123456"),
			FulfillmentDate: xsdrt.NewDateTime(time.Now()),
			FulfillmentData: &amzn.OrderFulfillmentData{
				CarrierName:           xsdrt.Ptr[base.String]("USPS"),
				ShippingMethod:        xsdrt.Ptr[base.String]("USPS First Class"),
				ShipperTrackingNumber: xsdrt.Ptr[base.String]("9400111899223197428490"),
			},
		}}},
	}
	if err := env.Validate(); err != nil {
		panic(err)
	}
	var w xsdrt.Writer
	env.XSDWrite(&w, "", "AmazonEnvelope")
	if w.Err() != nil {
		panic(w.Err())
	}
	os.Stdout.Write(w.Bytes())
}
`

// warmProgram compiles what both layouts share (the standard library
// packages and the runtime xsdrt) into the build cache first, so that the
// measured builds differ only by the generated code they compile.
const warmProgram = `package main

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"

	"github.com/spgen/spgen/mwsxml/xsdrt"
)

func main() {
	var w xsdrt.Writer
	w.ElemText("", "a", strconv.Itoa(1))
	fmt.Println(xml.Name{}, regexp.MustCompile("a"), w.Bytes())
}
`

// buildResult is one measured go build.
type buildResult struct {
	wall   time.Duration
	maxRSS int64 // bytes: the largest resident set of the go command and the tools it ran
	binary int64
}

// measureBuild builds ./cmd/name of mod with the given cache and measures
// it. Peak memory is ru_maxrss of the go command's wait status, which
// Linux reports as the maximum over the command and every descendant it
// reaped (the compiler of the largest package, in practice): the peak of
// the biggest single process, not the sum of concurrent ones.
func measureBuild(b *testing.B, mod, cache, name string) buildResult {
	b.Helper()
	bin := filepath.Join(b.TempDir(), name)
	cmd := tempmod.Command(b, mod, []string{"GOCACHE=" + cache}, "build", "-o", bin, "./cmd/"+name)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		b.Fatalf("go build ./cmd/%s: %v\n%s", name, err, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no rusage for the go command (Linux is required for the peak memory figure)")
	}
	st, err := os.Stat(bin)
	if err != nil {
		b.Fatal(err)
	}
	return buildResult{wall: wall, maxRSS: ru.Maxrss * 1024, binary: st.Size()}
}

// BenchmarkFulfillmentFeedBuild measures what a program writing one
// fulfillment feed costs to build with the split layout (amznbase + the
// orderfulfillment package) against today's layout (the 94 schemas as one
// package), both generated from ../shared/xsd/mws in this run into one
// temporary module and built cold (their generated packages never
// compiled before; the standard library and xsdrt warmed in a fresh
// GOCACHE first, for both). It reports wall time, peak memory and binary
// size as ratios x-vs-single (targets: ≤ 0.4, ≤ 0.4, ≤ 0.7).
func BenchmarkFulfillmentFeedBuild(b *testing.B) {
	single, _, err := Generate(xsdDir)
	if err != nil {
		b.Fatal(err)
	}
	split, _, err := GenerateSplit(xsdDir, "example.com/bench/split")
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		mod := tempmod.New(b, "example.com/bench")
		writeBothLayouts(b, mod, "single", single, split, feedProgram)
		tempmod.WriteFile(b, filepath.Join(mod, "cmd", "warm", "main.go"), []byte(warmProgram))
		cache := b.TempDir()
		measureBuild(b, mod, cache, "warm")
		s := measureBuild(b, mod, cache, "single")
		p := measureBuild(b, mod, cache, "split")
		b.ReportMetric(p.wall.Seconds()/s.wall.Seconds(), "x-build-time-vs-single")
		b.ReportMetric(float64(p.maxRSS)/float64(s.maxRSS), "x-peak-rss-vs-single")
		b.ReportMetric(float64(p.binary)/float64(s.binary), "x-binary-vs-single")
		b.Logf("single: %v, %.0f MB peak, %.1f MB binary; split: %v, %.0f MB peak, %.1f MB binary",
			s.wall.Round(time.Millisecond), float64(s.maxRSS)/(1<<20), float64(s.binary)/(1<<20),
			p.wall.Round(time.Millisecond), float64(p.maxRSS)/(1<<20), float64(p.binary)/(1<<20))
	}
}
