package reportdocs

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// Flat-file (tab-separated) reports have no schema: Rows reads them a line
// at a time, keyed by the header line, decoding the document's charset to
// UTF-8 with golang.org/x/text.

// Row is one data line of a flat-file report.
type Row struct {
	// Line is the 1-based line number in the document (the header is 1).
	Line int
	// Values are the row's fields in header order. A row shorter than the
	// header lacks the trailing columns; longer rows are an error.
	Values []string

	header []string
	index  map[string]int
}

// Get returns the value of column name, and whether the row has it.
func (r Row) Get(name string) (string, bool) {
	i, ok := r.index[name]
	if !ok || i >= len(r.Values) {
		return "", false
	}
	return r.Values[i], true
}

// Header returns the column names.
func (r Row) Header() []string { return r.header }

// FlatOption configures Rows.
type FlatOption func(*flatConfig)

type flatConfig struct {
	charset string
	maxLine int
}

// WithCharset names the document's charset as Amazon gives it in the
// download's Content-Type ("windows-1252", "Cp1252", "Shift_JIS",
// "UTF-8", ...). A UTF-8 byte order mark overrides it. Default UTF-8.
func WithCharset(name string) FlatOption { return func(c *flatConfig) { c.charset = name } }

// WithMaxLine bounds the length of one line in bytes (default 1 MiB); a
// longer line is an error rather than unbounded memory.
func WithMaxLine(n int) FlatOption { return func(c *flatConfig) { c.maxLine = n } }

// CharsetForMarketplace returns the charset Amazon serves flat-file
// reports in for a marketplace when the download does not say: Shift_JIS
// for Japan (A1VC38T7YXB528), Windows-1252 elsewhere.
func CharsetForMarketplace(marketplaceID string) string {
	if marketplaceID == "A1VC38T7YXB528" {
		return "Shift_JIS"
	}
	return "windows-1252"
}

// ContentTypeCharset returns the charset parameter of a Content-Type value
// ("text/plain;charset=Cp1252" → "Cp1252"), "" when there is none.
func ContentTypeCharset(contentType string) string {
	for _, part := range strings.Split(contentType, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "charset") {
			return strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	return ""
}

// lookupCharset maps a charset name to its decoder; Java-style names
// Amazon uses (Cp1252, windows-31j) are included.
func lookupCharset(name string) (encoding.Encoding, error) {
	switch strings.ToLower(strings.ReplaceAll(name, "_", "-")) {
	case "", "utf-8", "utf8":
		return encoding.Nop, nil
	case "cp1252", "windows-1252":
		return charmap.Windows1252, nil
	case "shift-jis", "sjis", "windows-31j", "ms932", "cp932":
		return japanese.ShiftJIS, nil
	}
	e, err := htmlindex.Get(name)
	if err != nil {
		return nil, fmt.Errorf("reportdocs: unknown charset %q", name)
	}
	return e, nil
}

// Rows streams the data rows of a tab-separated report in r. It tolerates
// a compressionAlgorithm that does not match the bytes: gzip data (by its
// magic number) is decompressed whatever the document declared.
func Rows(r io.Reader, opts ...FlatOption) iter.Seq2[Row, error] {
	cfg := flatConfig{maxLine: 1 << 20}
	for _, o := range opts {
		o(&cfg)
	}
	return func(yield func(Row, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		src, err := sniffGzip(br)
		if err != nil {
			yield(Row{}, err)
			return
		}
		enc, err := lookupCharset(cfg.charset)
		if err != nil {
			yield(Row{}, err)
			return
		}
		if bom, _ := src.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
			src.Discard(3)
			enc = encoding.Nop
		}
		var text io.Reader = src
		if enc != encoding.Nop {
			text = transform.NewReader(src, enc.NewDecoder())
		}
		lines := bufio.NewReaderSize(text, 64<<10)
		var header []string
		var index map[string]int
		for n := 1; ; n++ {
			line, err := readLine(lines, cfg.maxLine)
			if err == io.EOF {
				if header == nil {
					yield(Row{}, errors.New("reportdocs: empty flat-file report (no header line)"))
				}
				return
			}
			if err != nil {
				yield(Row{}, fmt.Errorf("reportdocs: line %d: %w", n, err))
				return
			}
			fields := strings.Split(line, "\t")
			if header == nil {
				header, index = fields, make(map[string]int, len(fields))
				for i, h := range fields {
					if _, dup := index[h]; !dup {
						index[h] = i
					}
				}
				continue
			}
			if line == "" {
				continue
			}
			if len(fields) > len(header) {
				if !yield(Row{}, fmt.Errorf("reportdocs: line %d has %d fields, the header %d", n, len(fields), len(header))) {
					return
				}
				continue
			}
			if !yield(Row{Line: n, Values: fields, header: header, index: index}, nil) {
				return
			}
		}
	}
}

// readLine returns the next line without its "\n" or "\r\n", at most max
// bytes long; io.EOF when there is none.
func readLine(br *bufio.Reader, max int) (string, error) {
	var buf []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(buf)+len(frag) > max+2 {
			return "", fmt.Errorf("line longer than %d bytes", max)
		}
		buf = append(buf, frag...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(buf) > 0:
			return strings.TrimSuffix(string(buf), "\r"), nil
		case err != nil:
			return "", err
		}
		return strings.TrimSuffix(strings.TrimSuffix(string(buf), "\n"), "\r"), nil
	}
}

// sniffGzip returns a reader of the content of br: decompressed when it
// starts with gzip's magic number, as it is otherwise.
func sniffGzip(br *bufio.Reader) (*bufio.Reader, error) {
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reportdocs: %w", err)
	}
	if !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("reportdocs: gzip: %w", err)
	}
	return bufio.NewReaderSize(zr, 64<<10), nil
}
