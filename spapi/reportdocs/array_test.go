package reportdocs_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spgen/spgen/generated/schemas/reports/sellersalesandtrafficreport"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
	"github.com/spgen/spgen/spapi/reportdocs"
)

type row = sellersalesandtrafficreport.SalesAndTrafficByASIN

// asinRow is one salesAndTrafficByAsin element from Amazon's example.
func asinRow(t testing.TB) json.RawMessage {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "models", "schemas", "reports", "sellerSalesAndTrafficReport.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Examples []struct {
			ByASIN []json.RawMessage `json:"salesAndTrafficByAsin"`
		} `json:"examples"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, ex := range doc.Examples {
		if len(ex.ByASIN) > 0 {
			return ex.ByASIN[0]
		}
	}
	t.Fatal("no salesAndTrafficByAsin element in the schema's examples")
	return nil
}

// writeReport writes a sales-and-traffic document of n ASIN rows (or at
// least size bytes when n < 0) to w, streaming, and returns the row count.
func writeReport(w io.Writer, elem json.RawMessage, n int, size int64) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	head := `{"reportSpecification":{"reportType":"GET_SALES_AND_TRAFFIC_REPORT","reportOptions":{"dateGranularity":"DAY","asinGranularity":"CHILD"},"dataStartTime":"2026-11-01","dataEndTime":"2026-11-30","marketplaceIds":["ATVPDKIKX0DER"]},"salesAndTrafficByDate":[],"salesAndTrafficByAsin":[`
	written := int64(len(head))
	bw.WriteString(head)
	var compact bytes.Buffer
	json.Compact(&compact, elem)
	e := compact.Bytes()
	i := 0
	for ; n < 0 && written < size || i < n; i++ {
		if i > 0 {
			bw.WriteByte(',')
		}
		m, _ := bw.Write(e)
		written += int64(m) + 1
	}
	bw.WriteString(`]}`)
	return i, bw.Flush()
}

func TestArray(t *testing.T) {
	elem := asinRow(t)
	var buf bytes.Buffer
	if _, err := writeReport(&buf, elem, 1000, 0); err != nil {
		t.Fatal(err)
	}
	n := 0
	for r, err := range reportdocs.Array[row](bytes.NewReader(buf.Bytes()), "salesAndTrafficByAsin") {
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Validate(); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1000 {
		t.Fatalf("%d rows, want 1000", n)
	}
	// A bad element is an *ElementError naming its index, with the
	// generated decoder's violation inside.
	bad := strings.Replace(buf.String(), string(mustCompact(elem)), `{"parentAsin":1}`, 1)
	var ee *reportdocs.ElementError
	for _, err := range reportdocs.Array[row](strings.NewReader(bad), "salesAndTrafficByAsin") {
		if err != nil && errors.As(err, &ee) {
			var ve *actionschema.ValidationError
			if ee.Index != 0 || !errors.As(err, &ve) {
				t.Fatalf("got %v", err)
			}
			return
		}
	}
	t.Fatal("bad element not reported")
}

func mustCompact(b []byte) []byte {
	var c bytes.Buffer
	json.Compact(&c, b)
	return c.Bytes()
}

func TestArrayMissingAndMalformed(t *testing.T) {
	for _, err := range reportdocs.Array[row](strings.NewReader(`{"other":[1,{"a":[]}]}`), "salesAndTrafficByAsin") {
		t.Fatalf("missing member yielded %v", err)
	}
	for _, doc := range []string{`[]`, `{"salesAndTrafficByAsin":{}}`, `{"salesAndTrafficByAsin":[{}`, `{"x":`} {
		got := 0
		for _, err := range reportdocs.Array[row](strings.NewReader(doc), "salesAndTrafficByAsin") {
			if err == nil {
				continue
			}
			got++
		}
		if got != 1 {
			t.Errorf("%s: %d errors, want 1", doc, got)
		}
	}
}
