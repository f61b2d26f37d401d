package xsdrt

import (
	"encoding/xml"
	"testing"
	"time"
)

func TestDateTime(t *testing.T) {
	for _, s := range []string{"2024-03-05T14:30:00-08:00", "2024-01-15T00:00:00", "2024-03-05T14:30:00.500Z", "2024-03-05T14:30:00+05:30"} {
		d, err := ParseDateTime(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if d.String() != s {
			t.Errorf("%s read back as %s", s, d)
		}
		if got := d.Zoneless(); got != (s == "2024-01-15T00:00:00") {
			t.Errorf("%s: Zoneless = %v", s, got)
		}
	}
	d, _ := ParseDateTime("2024-03-05T14:30:00.500Z")
	d.Time = d.Time.Add(time.Hour) // changed in Go: written as RFC 3339
	if d.String() != "2024-03-05T15:30:00.5Z" {
		t.Errorf("changed value written as %s", d)
	}
	for _, bad := range []string{"2024-03-05", "2024-13-05T00:00:00Z", "yesterday", "2024-03-05T25:00:00Z"} {
		if _, err := ParseDateTime(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	// An absent optional date is absent, a required unset one is invalid.
	type doc struct {
		XMLName xml.Name  `xml:"d"`
		Opt     *DateTime `xml:"Opt,omitempty"`
	}
	b, err := xml.Marshal(doc{})
	if err != nil || string(b) != "<d></d>" {
		t.Errorf("absent date marshals as %s (%v)", b, err)
	}
	if f := CheckDateTimeSet(DateTime{}); f == nil {
		t.Error("zero DateTime passes validation")
	}
}

func TestDecimal(t *testing.T) {
	for in, want := range map[string]string{"12.5": "12.50", "12": "12.00", "12.505": "12.505", "-0.5": "-0.50", "abc": "abc", ".5": ".50"} {
		if got := FormatDecimal(in, 2); got != want {
			t.Errorf("FormatDecimal(%q, 2) = %q, want %q", in, got, want)
		}
	}
	if DecimalOf(12.5) != "12.5" || DecimalInt(-3) != "-3" {
		t.Error("DecimalOf/DecimalInt")
	}
	if f, err := Decimal("0012.50").Float64(); err != nil || f != 12.5 {
		t.Errorf("Float64 = %v, %v", f, err)
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"1", "1.000", 0}, {"-1", "1", -1}, {"0.10", "0.09", 1}, {"100", "99.999", 1}, {"-2", "-10", 1}, {"-0", "0", 0}} {
		if got := DecimalCmp(c.a, c.b); got != c.want {
			t.Errorf("DecimalCmp(%s, %s) = %d", c.a, c.b, got)
		}
	}
	if tot, frac := decimalDigits("0012.3400"); tot != 4 || frac != 2 {
		t.Errorf("decimalDigits = %d, %d", tot, frac)
	}
	bounds := []struct {
		value, facet, bound string
		ok                  bool
	}{
		{"5", "minInclusive", "5", true}, {"4.99", "minInclusive", "5", false},
		{"5", "maxInclusive", "5", true}, {"5.01", "maxInclusive", "5", false},
		{"5.01", "minExclusive", "5", true}, {"5", "minExclusive", "5", false},
		{"4.99", "maxExclusive", "5", true}, {"5", "maxExclusive", "5", false},
	}
	for _, c := range bounds {
		if got := CheckBound(c.value, c.facet, c.bound) == nil; got != c.ok {
			t.Errorf("%s %s %s: ok = %v", c.value, c.facet, c.bound, got)
		}
	}
	for _, c := range []struct {
		n     int64
		facet string
		ok    bool
	}{{4, "minInclusive", true}, {3, "minInclusive", false}, {4, "maxInclusive", true}, {5, "maxInclusive", false},
		{5, "minExclusive", true}, {4, "minExclusive", false}, {3, "maxExclusive", true}, {4, "maxExclusive", false}} {
		if got := CheckIntBound(c.n, c.facet, 4) == nil; got != c.ok {
			t.Errorf("CheckIntBound(%d, %s, 4) ok = %v", c.n, c.facet, got)
		}
		if got := CheckUintBound(uint64(c.n), c.facet, 4) == nil; got != c.ok {
			t.Errorf("CheckUintBound(%d, %s, 4) ok = %v", c.n, c.facet, got)
		}
	}
	if CheckFloatBound(-90.5, "minInclusive", -90) == nil || CheckFloatBound(10, "maxExclusive", 10) == nil {
		t.Error("float bounds")
	}
	if CheckDecimal("1.2.3") == nil || CheckDecimal("+1.5") != nil {
		t.Error("decimal lexical form")
	}
}

func TestLexical(t *testing.T) {
	good := map[string][]string{
		"date":         {"2024-04-01", "2024-04-01Z", "2024-04-01+02:00"},
		"gYear":        {"2024", "-0044"},
		"gYearMonth":   {"2024-04"},
		"time":         {"13:20:00", "24:00:00"},
		"duration":     {"P1Y2M", "PT1.5S", "-P3D"},
		"base64Binary": {"", "QUJD", "QUI=", "QQ=="},
	}
	bad := map[string][]string{
		"date":         {"2024-4-1", "2024-04-32", "01.04.2024"},
		"gYear":        {"24", "2024-01"},
		"gYearMonth":   {"2024-13"},
		"time":         {"25:00:00", "13:20"},
		"duration":     {"P", "PT", "1Y"},
		"base64Binary": {"QUJ", "Q===", "%%%%"},
	}
	for kind, vs := range good {
		for _, v := range vs {
			if f := CheckLexical(kind, v); f != nil {
				t.Errorf("%s %q: %v", kind, v, f)
			}
		}
	}
	for kind, vs := range bad {
		for _, v := range vs {
			if CheckLexical(kind, v) == nil {
				t.Errorf("%s %q accepted", kind, v)
			}
		}
	}
}
