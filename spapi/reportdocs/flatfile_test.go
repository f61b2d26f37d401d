package reportdocs_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"

	"github.com/spgen/spgen/spapi/reportdocs"
)

func collect(t *testing.T, r io.Reader, opts ...reportdocs.FlatOption) []reportdocs.Row {
	t.Helper()
	var out []reportdocs.Row
	for row, err := range reportdocs.Rows(r, opts...) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, row)
	}
	return out
}

func TestRowsCharsets(t *testing.T) {
	text := "sku\titem-name\tprice\r\nSKU-1\tCafé crème – 12\" ruler\t9.99\r\nSKU-2\tDrüsen\t1\r\n"
	w1252, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	jp := "sku\titem-name\nSKU-1\t日本語の商品名\n"
	sjis, err := japanese.ShiftJIS.NewEncoder().String(jp)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, data, charset, sku, want string
	}{
		{"windows-1252", w1252, "windows-1252", "SKU-1", "Café crème – 12\" ruler"},
		{"Cp1252 from Content-Type", w1252, reportdocs.ContentTypeCharset("text/tab-separated-values;charset=Cp1252"), "SKU-2", "Drüsen"},
		{"Shift_JIS", sjis, reportdocs.CharsetForMarketplace("A1VC38T7YXB528"), "SKU-1", "日本語の商品名"},
		{"UTF-8 with BOM overrides the declared charset", "\ufeff" + text, "windows-1252", "SKU-1", "Café crème – 12\" ruler"},
		{"UTF-8", text, "", "SKU-2", "Drüsen"},
	} {
		t.Run(c.name, func(t *testing.T) {
			found := false
			for _, r := range collect(t, strings.NewReader(c.data), reportdocs.WithCharset(c.charset)) {
				if sku, _ := r.Get("sku"); sku == c.sku {
					found = true
					if got, _ := r.Get("item-name"); got != c.want {
						t.Fatalf("item-name = %q, want %q", got, c.want)
					}
				}
			}
			if !found {
				t.Fatalf("no row %s", c.sku)
			}
		})
	}
}

// TestRowsCompressionMismatch: gzip bytes are decompressed even when the
// document declared no compression, and plain bytes pass.
func TestRowsCompressionMismatch(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	io.WriteString(zw, "a\tb\n1\t2\n")
	zw.Close()
	for _, data := range [][]byte{z.Bytes(), []byte("a\tb\n1\t2\n")} {
		rows := collect(t, bytes.NewReader(data))
		if v, _ := rows[0].Get("b"); len(rows) != 1 || v != "2" {
			t.Fatalf("rows %v", rows)
		}
	}
}

func TestRowsErrors(t *testing.T) {
	bad := map[string]string{
		"":                               "empty",
		"a\tb\n1\t2\t3\n":                "too many fields",
		"a\n" + strings.Repeat("x", 200): "long line",
	}
	for data, what := range bad {
		var got error
		for _, err := range reportdocs.Rows(strings.NewReader(data), reportdocs.WithMaxLine(100)) {
			if err != nil {
				got = err
			}
		}
		if got == nil {
			t.Errorf("%s: no error", what)
		}
	}
	for _, err := range reportdocs.Rows(strings.NewReader("a\n"), reportdocs.WithCharset("no-such-charset")) {
		if err == nil || !strings.Contains(err.Error(), "no-such-charset") {
			t.Fatalf("got %v", err)
		}
	}
}

// windows1252Report generates a TSV report of n rows in Windows-1252 on the
// fly, never holding it.
type windows1252Report struct {
	n, i int
	buf  []byte
}

func (g *windows1252Report) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i <= g.n {
		if g.i == 0 {
			g.buf = append(g.buf, "sku\titem-name\tprice\tquantity\r\n"...)
		} else {
			line := fmt.Sprintf("SKU-%07d\tCafé crème n°%d – Größe L\t%d.99\t%d\r\n", g.i, g.i, g.i%100, g.i%7)
			enc, _ := charmap.Windows1252.NewEncoder().String(line)
			g.buf = append(g.buf, enc...)
		}
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// TestRowsMillionWindows1252 reads a 1,000,000-row Windows-1252 report and
// requires the heap to stay bounded (sampled every 10,000 rows).
func TestRowsMillionWindows1252(t *testing.T) {
	const n = 1_000_000
	var peak uint64
	var ms runtime.MemStats
	count := 0
	for row, err := range reportdocs.Rows(&windows1252Report{n: n}, reportdocs.WithCharset("windows-1252")) {
		if err != nil {
			t.Fatal(err)
		}
		count++
		if count%10_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			if name, _ := row.Get("item-name"); name != fmt.Sprintf("Café crème n°%d – Größe L", count) {
				t.Fatalf("row %d: item-name %q", count, name)
			}
		}
	}
	if count != n {
		t.Fatalf("%d rows, want %d", count, n)
	}
	t.Logf("%d rows, peak heap in use %.1f MB", count, float64(peak)/1e6)
	if peak > 16<<20 {
		t.Fatalf("peak heap %d bytes, want ≤ 16 MiB", peak)
	}
}
