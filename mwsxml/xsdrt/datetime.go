package xsdrt

import (
	"fmt"
	"strings"
	"time"
)

// DateTime is an xsd:dateTime. It embeds the time.Time it denotes and
// remembers the text it was read from, so that a value read from a feed or
// report and written back unchanged keeps its exact spelling (time zone or
// none, fraction digits). A DateTime built from a time.Time is written in
// RFC 3339.
//
// xsd:dateTime values without a time zone are read as UTC; [DateTime.Zoneless]
// reports that they had none.
type DateTime struct {
	time.Time

	raw    string    // text as read, "" for values built in Go
	parsed time.Time // Time as read, to notice changes
}

// NewDateTime returns a DateTime for t.
func NewDateTime(t time.Time) DateTime { return DateTime{Time: t} }

// ParseDateTime parses the xsd:dateTime lexical form.
func ParseDateTime(s string) (DateTime, error) {
	s = strings.TrimSpace(s)
	if !lexicalForms["dateTime"].MatchString(s) {
		return DateTime{}, fmt.Errorf("mwsxml: %q is not an xsd:dateTime", Short(s))
	}
	layout := "2006-01-02T15:04:05.999999999"
	hasZone := strings.HasSuffix(s, "Z") || strings.LastIndexAny(s, "+-") > strings.IndexByte(s, 'T')
	if hasZone {
		layout += "Z07:00"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return DateTime{}, fmt.Errorf("mwsxml: %q is not an xsd:dateTime: %w", Short(s), err)
	}
	return DateTime{Time: t, raw: s, parsed: t}, nil
}

// Zoneless reports whether the value was read without a time zone.
func (d DateTime) Zoneless() bool {
	return d.raw != "" && d.Time.Equal(d.parsed) && !strings.HasSuffix(d.raw, "Z") &&
		strings.LastIndexAny(d.raw, "+-") < strings.IndexByte(d.raw, 'T')
}

// String returns the xsd:dateTime text of d.
func (d DateTime) String() string {
	if d.raw != "" && d.Time.Equal(d.parsed) && d.Time.Location() == d.parsed.Location() {
		return d.raw
	}
	return d.Time.Format(time.RFC3339Nano)
}

// MarshalText implements encoding.TextMarshaler.
func (d DateTime) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *DateTime) UnmarshalText(b []byte) error {
	v, err := ParseDateTime(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
