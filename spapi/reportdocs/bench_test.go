package reportdocs_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spgen/spgen/generated/schemas/reports/sellersalesandtrafficreport"
	"github.com/spgen/spgen/spapi/reportdocs"
)

// benchSize is the size of the generated report: 1 GiB, or
// SPGEN_REPORT_BYTES.
func benchSize() int64 {
	if s := os.Getenv("SPGEN_REPORT_BYTES"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	return 1 << 30
}

// BenchmarkSalesAndTraffic decodes a generated GET_SALES_AND_TRAFFIC_REPORT
// of benchSize bytes twice, each in a child process: streamed with Array
// (reported: peak RSS in MB, target ≤ 32) and, as the baseline, read whole
// and decoded by encoding/json into the same generated types in memory.
// It reports the stream's time over the baseline's as
// x-time-vs-encoding-json-in-memory (target ≤ 1.2).
func BenchmarkSalesAndTraffic(b *testing.B) {
	path := filepath.Join(b.TempDir(), "sales-and-traffic.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := writeReport(f, asinRow(b), -1, benchSize())
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(path)
	b.ResetTimer()
	for range b.N {
		sd, srss, sn := child(b, path, "stream")
		md, mrss, mn := child(b, path, "memory")
		if sn != rows || mn != rows {
			b.Fatalf("rows: stream %d, memory %d, written %d", sn, mn, rows)
		}
		b.ReportMetric(float64(st.Size())/1e6, "doc-MB")
		b.ReportMetric(float64(srss)/1024, "stream-peak-RSS-MB")
		b.ReportMetric(float64(mrss)/1024, "memory-peak-RSS-MB")
		b.ReportMetric(sd.Seconds(), "stream-s")
		b.ReportMetric(md.Seconds(), "encoding-json-s")
		b.ReportMetric(sd.Seconds()/md.Seconds(), "x-time-vs-encoding-json-in-memory")
	}
}

// child runs TestDecodeChild in a new process and returns its decode time,
// peak RSS (KiB) and row count.
func child(b *testing.B, path, mode string) (time.Duration, int64, int) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestDecodeChild$", "-test.v")
	cmd.Env = append(os.Environ(), "SPGEN_DECODE_FILE="+path, "SPGEN_DECODE_MODE="+mode)
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("child %s: %v\n%s", mode, err, out)
	}
	var ns int64
	var n int
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "RESULT "); ok {
			fmt.Sscan(rest, &ns, &n)
		}
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return time.Duration(ns), ru.Maxrss, n
}

// TestDecodeChild is the child process of BenchmarkSalesAndTraffic; run
// directly it decodes a small generated report both ways and checks they
// agree.
func TestDecodeChild(t *testing.T) {
	path, mode := os.Getenv("SPGEN_DECODE_FILE"), os.Getenv("SPGEN_DECODE_MODE")
	if path == "" {
		path = filepath.Join(t.TempDir(), "r.json")
		f, _ := os.Create(path)
		if _, err := writeReport(f, asinRow(t), 300, 0); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if a, b := decodeStream(t, path), decodeMemory(t, path); a != 300 || b != 300 {
			t.Fatalf("stream %d, memory %d rows", a, b)
		}
		return
	}
	start := time.Now()
	var n int
	if mode == "stream" {
		n = decodeStream(t, path)
	} else {
		n = decodeMemory(t, path)
	}
	fmt.Printf("RESULT %d %d\n", time.Since(start).Nanoseconds(), n)
}

func decodeStream(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for _, err := range reportdocs.Array[row](bufio.NewReaderSize(f, 1<<16), "salesAndTrafficByAsin") {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

func decodeMemory(t *testing.T, path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc sellersalesandtrafficreport.SellerSalesAndTrafficReport
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return len(doc.SalesAndTrafficByASIN)
}
