// Package benchratio measures two functions against each other for
// benchmarks that report a speed ratio against a named baseline. It touches
// nothing but the clock.
package benchratio

import "time"

// NsPerOp measures fn like a benchmark does, with its own iteration count:
// doubling it until the loop runs for at least 100ms.
func NsPerOp(fn func()) float64 {
	for n := 1; ; n *= 2 {
		start := time.Now()
		for i := 0; i < n; i++ {
			fn()
		}
		if d := time.Since(start); d >= 100*time.Millisecond || n >= 1<<26 {
			return float64(d.Nanoseconds()) / float64(n)
		}
	}
}

// Interleaved measures base and gen in alternating rounds of about 20ms
// each, so that load from other processes on the machine affects both
// alike, and returns the ns/op of each.
func Interleaved(base, gen func()) (baseNs, genNs float64) {
	nb := max(1, int(20e6/NsPerOp(base)))
	ng := max(1, int(20e6/NsPerOp(gen)))
	var tb, tg time.Duration
	for round := 0; round < 10; round++ {
		start := time.Now()
		for i := 0; i < nb; i++ {
			base()
		}
		tb += time.Since(start)
		start = time.Now()
		for i := 0; i < ng; i++ {
			gen()
		}
		tg += time.Since(start)
	}
	return float64(tb.Nanoseconds()) / float64(10*nb), float64(tg.Nanoseconds()) / float64(10*ng)
}
