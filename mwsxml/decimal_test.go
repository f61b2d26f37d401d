package mwsxml

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecimalKeepsText reads a price feed whose amounts (fractionDigits
// 4) are spelled with fewer digits and writes it back through
// EnvelopeWriter and xml.Marshal: the text comes back as it was read
// ("19.90", not "19.9000"), and the oracle accepts both outputs.
func TestDecimalKeepsText(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "feeds", "price.xml"))
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Replace(string(data), ">19.9900<", ">19.90<", 1)
	in = strings.Replace(in, ">14.9900<", ">15<", 1)
	var env AmazonEnvelope
	if err := xml.Unmarshal([]byte(in), &env); err != nil {
		t.Fatal(err)
	}
	if err := env.Validate(); err != nil {
		t.Fatal(err)
	}
	head := env
	head.Message = nil
	var buf bytes.Buffer
	w, err := NewEnvelopeWriter(&buf, &head)
	if err != nil {
		t.Fatal(err)
	}
	for i := range env.Message {
		if _, err := w.Write(&env.Message[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	std, err := xml.Marshal(&env)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"EnvelopeWriter": buf.String(), "xml.Marshal": string(std)} {
		for _, want := range []string{`currency="USD">19.90</StandardPrice>`, `currency="USD">15</SalePrice>`, `currency="EUR">21.0000</StandardPrice>`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s output lacks %s:\n%s", name, want, out)
			}
		}
	}
	a := writeTemp(t, "writer.xml", buf.Bytes())
	b := writeTemp(t, "marshal.xml", append([]byte(xml.Header), std...))
	for f, msg := range schemaValid(t, a, b) {
		t.Errorf("%s does not validate: %s", f, msg)
	}
}
