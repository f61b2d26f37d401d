package mwsxml

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// benchChildEnv makes the test binary run one benchmark workload instead
// of the tests (see TestMain), so that its peak memory is measured in a
// process of its own.
const benchChildEnv = "MWSXML_BENCH_WORKLOAD"

func TestMain(m *testing.M) {
	if w := os.Getenv(benchChildEnv); w != "" {
		n, err := strconv.Atoi(os.Getenv(benchChildEnv + "_N"))
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad message count:", err)
			os.Exit(2)
		}
		res, err := runWorkload(w, n)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// benchMessage is the i-th OrderFulfillment message of the benchmark feed
// (the same for the streaming workload and the in-memory baseline).
func benchMessage(i int) Message {
	n := strconv.Itoa(1000000 + i)
	return Message{OrderFulfillment: &OrderFulfillment{
		AmazonOrderID:   Ptr(AmazonOrderID("112-" + n + "-" + n)),
		FulfillmentDate: NewDateTime(time.Date(2024, 3, 5, 14, 30, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)),
		FulfillmentData: &OrderFulfillmentData{
			CarrierName:           Ptr[String]("USPS"),
			ShippingMethod:        Ptr[String]("USPS First Class"),
			ShipperTrackingNumber: Ptr(String("9400111899223" + n)),
		},
		Item: []OrderFulfillmentItem{{
			AmazonOrderItemCode: Ptr(AmazonOrderItemCode("1234567" + n)),
			Quantity:            Ptr[int64](1),
		}},
	}}
}

// workloadResult is what a child process reports.
type workloadResult struct {
	Seconds       float64 // wall time of the workload proper
	PeakHeapBytes uint64  // high-water mark of heap in use, sampled
	Bytes         int64   // feed size
	ContentMD5    string
}

// runWorkload writes n messages as a feed with Content-MD5, either
// streaming through EnvelopeWriter ("stream") or by building the whole
// envelope and calling xml.Marshal ("inmemory").
func runWorkload(kind string, n int) (workloadResult, error) {
	runtime.GC()
	peak := startHeapSampler()
	start := time.Now()
	var res workloadResult
	switch kind {
	case "stream":
		var cnt countingWriter
		w, err := NewEnvelopeWriter(&cnt, sampleHead())
		if err != nil {
			return res, err
		}
		for i := 0; i < n; i++ {
			m := benchMessage(i)
			if _, err := w.Write(&m); err != nil {
				return res, err
			}
		}
		if err := w.Close(); err != nil {
			return res, err
		}
		res.Bytes, res.ContentMD5 = cnt.n, w.ContentMD5()
	case "inmemory":
		env := *sampleHead()
		for i := 0; i < n; i++ {
			m := benchMessage(i)
			m.MessageID = IDNumber(i + 1)
			env.Message = append(env.Message, m)
		}
		b, err := xml.Marshal(&env)
		if err != nil {
			return res, err
		}
		sum := md5.Sum(b)
		res.Bytes, res.ContentMD5 = int64(len(b)), base64.StdEncoding.EncodeToString(sum[:])
		runtime.KeepAlive(env)
	default:
		return res, fmt.Errorf("unknown workload %q", kind)
	}
	res.Seconds = time.Since(start).Seconds()
	res.PeakHeapBytes = peak()
	return res, nil
}

// countingWriter discards what it is given and counts it (the network).
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// startHeapSampler samples the bytes of heap in use every millisecond and
// returns a function stopping it and returning the high-water mark.
func startHeapSampler() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64() + sample[1].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		read()
		close(done)
		<-stopped
		return peak.Load()
	}
}

// runChild runs a workload in a child process and returns its result and
// maximum resident set size in bytes.
func runChild(b *testing.B, kind string, n int) (workloadResult, int64) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), benchChildEnv+"="+kind, benchChildEnv+"_N="+strconv.Itoa(n))
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s workload: %v\n%s", kind, err, stderr.String())
	}
	var res workloadResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		b.Fatalf("%s workload output %q: %v", kind, out.String(), err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no rusage for the child process")
	}
	return res, ru.Maxrss * 1024 // Linux reports kilobytes
}

// BenchmarkEnvelopeWriter1M streams 1,000,000 OrderFulfillment messages
// (validated, Content-MD5 computed) through EnvelopeWriter and, as the
// baseline, builds the same envelope in memory and calls xml.Marshal (plus
// MD5). Each runs in a child process so that peak memory is the process's
// own: reported are the peak heap in use (sampled every millisecond) and
// the maximum resident set size of both, and the wall-time ratio
// stream/in-memory. Targets: stream peak ≤ 32 MB, ratio ≤ 0.8.
func BenchmarkEnvelopeWriter1M(b *testing.B) {
	const n = 1_000_000
	for range b.N {
		stream, streamRSS := runChild(b, "stream", n)
		base, baseRSS := runChild(b, "inmemory", n)
		if stream.ContentMD5 == "" || stream.Bytes == 0 || base.Bytes == 0 {
			b.Fatalf("empty feed: %+v %+v", stream, base)
		}
		const mb = 1 << 20
		b.ReportMetric(float64(stream.PeakHeapBytes)/mb, "stream-peak-heap-MB")
		b.ReportMetric(float64(streamRSS)/mb, "stream-max-RSS-MB")
		b.ReportMetric(float64(base.PeakHeapBytes)/mb, "inmem-peak-heap-MB")
		b.ReportMetric(float64(baseRSS)/mb, "inmem-max-RSS-MB")
		b.ReportMetric(stream.Seconds, "stream-s")
		b.ReportMetric(base.Seconds, "inmem-s")
		b.ReportMetric(stream.Seconds/base.Seconds, "x-vs-inmem-xml.Marshal")
		b.ReportMetric(float64(stream.Bytes)/mb, "feed-MB")
	}
}

// BenchmarkEnvelopeWriterMessage is the per-message cost of Write
// (validation, fast-path encoding, MD5), with xml.Marshal of the same
// message as the baseline.
func BenchmarkEnvelopeWriterMessage(b *testing.B) {
	msgs := make([]Message, 1024)
	for i := range msgs {
		msgs[i] = benchMessage(i)
	}
	w, err := NewEnvelopeWriter(io.Discard, sampleHead())
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := w.Write(&msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	base := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := xml.Marshal(&msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(elapsed)/float64(time.Since(base)), "x-vs-xml.Marshal")
}
