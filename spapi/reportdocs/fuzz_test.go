package reportdocs_test

import (
	"bytes"
	"testing"

	"github.com/spgen/spgen/spapi/reportdocs"
)

// FuzzArray: no document makes the stream panic or yield a value together
// with an error, and it stops after its first error.
func FuzzArray(f *testing.F) {
	f.Add([]byte(`{"reportSpecification":{},"salesAndTrafficByAsin":[{"parentAsin":"B0"},{"childAsin":1}]}`))
	f.Add([]byte(`{"salesAndTrafficByAsin":[`))
	f.Add([]byte(`{"a":[[[{}]]],"salesAndTrafficByAsin":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		errs := 0
		for v, err := range reportdocs.Array[row](bytes.NewReader(data), "salesAndTrafficByAsin") {
			if errs > 0 {
				t.Fatal("values after an error")
			}
			if err != nil {
				errs++
				if v != nil {
					t.Fatal("a value with an error")
				}
			}
		}
	})
}

// FuzzRows: no flat file panics the row reader, whatever its charset, and
// every row has at most the header's fields.
func FuzzRows(f *testing.F) {
	f.Add([]byte("sku\tprice\nA\t1\n"), "windows-1252")
	f.Add([]byte("\xef\xbb\xbfsku\r\nA\r\n"), "Shift_JIS")
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0}, "")
	f.Fuzz(func(t *testing.T, data []byte, charset string) {
		for r, err := range reportdocs.Rows(bytes.NewReader(data), reportdocs.WithCharset(charset), reportdocs.WithMaxLine(4096)) {
			if err == nil && len(r.Values) > len(r.Header()) {
				t.Fatalf("row with %d fields, header %d", len(r.Values), len(r.Header()))
			}
		}
	})
}
