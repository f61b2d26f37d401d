package xsd

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/diag"
)

func TestLoadMini(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "mini", "amzn-envelope.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	// base.xsd is included three times (by the root, a.xsd and b.xsd) and
	// read once.
	var names []string
	for _, f := range s.Files {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); got != "amzn-envelope.xsd base.xsd a.xsd b.xsd ext.xsd" {
		t.Errorf("files = %s", got)
	}
	env := s.Element(QName{Local: "AmazonEnvelope"})
	if env == nil {
		t.Fatal("no AmazonEnvelope")
	}
	ct := env.Type.(*ComplexType)
	var uses []*ElementUse
	for _, p := range ct.Content.Particles {
		uses = append(uses, p.(*ElementUse))
	}
	// Built-ins and user types never shadow each other.
	plain := uses[0].Element.Type.(*SimpleType)
	if plain.Builtin == nil || plain.Builtin.Name != "string" {
		t.Errorf("xsd:string resolved to %+v", plain.Name)
	}
	mine := uses[1].Element.Type.(*SimpleType)
	if mine.Builtin != nil || mine.Name != (QName{Local: "String"}) || mine.Base.Builtin.Name != "normalizedString" {
		t.Errorf("String resolved to %+v", mine.Name)
	}
	if got := *mine.Facets.MaxLength; got != 5 {
		t.Errorf("String maxLength = %d", got)
	}
	if !uses[2].Ref || uses[2].Element.Name.Local != "A" {
		t.Errorf("ref A = %+v", uses[2])
	}
	if uses[3].Min != 0 || uses[3].Max != Unbounded {
		t.Errorf("B occurs = %d..%d", uses[3].Min, uses[3].Max)
	}
	// The import: a namespaced element and type, a built-in spelled
	// without prefix under the default XML Schema namespace.
	signed := uses[4].Element
	if signed.Name != (QName{Space: "urn:example:ext", Local: "Signed"}) {
		t.Errorf("import element = %v", signed.Name)
	}
	st := signed.Type.(*ComplexType)
	val := st.Content.Particles[0].(*ElementUse).Element
	if val.Name.Space != "urn:example:ext" || val.Type.(*SimpleType).Builtin.Name != "base64Binary" {
		t.Errorf("ext Value = %v %v", val.Name, val.Type.TypeName())
	}
	// simpleContent extension of a built-in.
	b := s.Element(QName{Local: "B"}).Type.(*ComplexType)
	if b.Simple == nil || b.Simple.Builtin.Name != "decimal" || len(b.Attributes) != 1 || !b.Attributes[0].Required {
		t.Errorf("B = %+v", b)
	}
	// Choice in a.xsd.
	a := s.Element(QName{Local: "A"}).Type.(*ComplexType)
	if a.Content.Kind != Choice || len(a.Content.Particles) != 2 {
		t.Errorf("A content = %+v", a.Content)
	}
	if got := s.Type(QName{Space: NS, Local: "positiveInteger"}).(*SimpleType); got.Primitive().Primitive != "decimal" {
		t.Errorf("positiveInteger primitive = %s", got.Primitive().Primitive)
	}
}

func TestLoadRealSchemas(t *testing.T) {
	s, err := Load(filepath.Join("..", "..", "..", "shared", "xsd", "mws", "amzn-envelope.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Files) != 94 {
		t.Errorf("read %d files, want 94", len(s.Files))
	}
	// Amazon's own String is a user type, not xsd:string.
	str, ok := s.Type(QName{Local: "String"}).(*SimpleType)
	if !ok || str.Builtin != nil || str.File.Name != "amzn-base.xsd" {
		t.Fatalf("String = %+v", str)
	}
	for _, name := range []string{"PositiveInteger", "IDNumber"} {
		if st, ok := s.Type(QName{Local: name}).(*SimpleType); !ok || st.Builtin != nil {
			t.Errorf("%s is not Amazon's user type", name)
		}
	}
	if s.Element(QName{Space: "http://www.w3.org/2001/04/xmlenc#", Local: "EncryptedData"}) == nil {
		t.Error("the xmlenc import was not loaded")
	}
}

// TestBadInput checks that broken schemas fail with a *diag.Error naming
// the file, line and (for schema errors) the XSD element path.
func TestBadInput(t *testing.T) {
	cases := []struct {
		dir, file string
		line      int
		path, msg string
	}{
		{"missing_include", "amzn-envelope.xsd", 3, "/schema/include", `cannot read include "amzn-base.xsd"`},
		{"unknown_type", "base.xsd", 5, "/schema/complexType[@name='Item']/sequence/element[@name='Price']", "unknown type CurrencyAmount"},
		{"malformed", "amzn-envelope.xsd", 7, "", "malformed XML: unexpected </xsd:sequence>, expected </xsd:element>"},
		{"malformed_included", "part.xsd", 5, "", "malformed XML"},
		{"bad_pattern", "amzn-envelope.xsd", 6, "/schema/element[@name='AmazonEnvelope']/simpleType/restriction/pattern", "subtraction"},
		{"unknown_ref", "amzn-envelope.xsd", 6, "/schema/element[@name='AmazonEnvelope']/complexType/sequence/element[@ref='Header']", "unknown element Header"},
		{"bad_import_ns", "amzn-envelope.xsd", 3, "/schema/import", `targetNamespace "urn:example:ext", the import says "urn:example:other"`},
		{"cyclic_type", "amzn-envelope.xsd", 3, "/schema/simpleType[@name='A']", "simple type A derives from itself"},
	}
	for _, c := range cases {
		t.Run(c.dir, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", "bad", c.dir, "amzn-envelope.xsd"))
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want *diag.Error", err)
			}
			if filepath.Base(de.File) != c.file || de.Line != c.line || de.Column == 0 {
				t.Errorf("at %s:%d:%d, want %s:%d:col", de.File, de.Line, de.Column, c.file, c.line)
			}
			if de.Path != c.path {
				t.Errorf("path %q, want %q", de.Path, c.path)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q does not say %q", err, c.msg)
			}
			if !strings.HasPrefix(err.Error(), de.File+":") {
				t.Errorf("error %q does not start with the file", err)
			}
		})
	}
}

func TestTranslatePattern(t *testing.T) {
	cases := []struct {
		xsd         string
		match, miss []string
	}{
		{`\d{3}-\d{7}-\d{7}`, []string{"123-1234567-1234567", "١٢٣-1234567-1234567"}, []string{"123-1234567-123456", "x123-1234567-1234567", "123-1234567-12345678"}},
		{`\w{3}-\w{7}-\w{7}`, []string{"abc-ABCDEFG-1234567", "a+c-1234567-1234567"}, []string{"a.c-1234567-1234567", "a c-1234567-1234567"}},
		{`[0-9]{4}|NV|nv`, []string{"2024", "NV", "nv"}, []string{"Nv", "20245", "NVnv"}},
		{`[\p{IsBasicLatin}\p{IsLatin-1Supplement}]*`, []string{"", "Grüße", "a~"}, []string{"Ωmega", "€"}},
		{`[^@]+@[^@\.]+(\.[^@\.]+)+`, []string{"a@b.c", "x.y@mail.example.com"}, []string{"a@b", "a@@b.c", "@b.c"}},
		{`a.c`, []string{"abc", "a c"}, []string{"a\nc", "ac"}},
		{`^a$`, []string{"^a$"}, []string{"a"}},
		{`[\-]?[0-9]+`, []string{"-12", "12"}, []string{"+12", "--1"}},
		{`[\w\._\-\+]+@([\w_\-]+\.)+\w+`, []string{"first.last+tag@mail.example.com"}, []string{"first last@example.com"}},
		{`\s[xX]\s`, []string{" x ", "\tX\n"}, []string{"x", " y "}},
	}
	for _, c := range cases {
		re, err := TranslatePattern(c.xsd)
		if err != nil {
			t.Errorf("%s: %v", c.xsd, err)
			continue
		}
		rx := mustCompile(t, re)
		for _, s := range c.match {
			if !rx(s) {
				t.Errorf("%s (as %s) does not match %q", c.xsd, re, s)
			}
		}
		for _, s := range c.miss {
			if rx(s) {
				t.Errorf("%s (as %s) matches %q", c.xsd, re, s)
			}
		}
	}
	for _, bad := range []string{`[a-z-[aeiou]]`, `(ab`, `ab)`, `\p{IsNoSuchBlock}`, `[abc`, `a{2`, `\q`, `x\`} {
		if re, err := TranslatePattern(bad); err == nil {
			t.Errorf("%s translated to %s, want an error", bad, re)
		}
	}
}

func mustCompile(t *testing.T, re string) func(string) bool {
	t.Helper()
	rx, err := regexp.Compile(re)
	if err != nil {
		t.Fatalf("%s: %v", re, err)
	}
	return rx.MatchString
}
