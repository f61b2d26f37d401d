package spapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// DateTime is the type generated clients use for every `format: date-time`
// value. It is tolerant: besides RFC 3339 it accepts what the live API and
// Amazon's own model examples send — an empty string, a timestamp without
// offset ("2020-05-25T13:00:00", read as UTC), an offset without minutes
// ("2020-04-01T10:00:00.00-07") and Unix date(1) output ("Mon Oct 28
// 18:49:32 UTC 2019"). A value that is none of these is kept as text rather
// than failing the whole response (see [DateTime.Raw] and [DateTime.Valid]).
//
// DateTime round-trips what it received: encoding a decoded value whose Time
// was not changed writes the original text back byte for byte. A DateTime
// built with [NewDateTime] or whose Time was changed encodes as RFC 3339.
type DateTime struct {
	time.Time

	raw    string    // text as received, "" for values built in Go
	parsed time.Time // Time as decoded from raw, to notice changes
	set    bool      // raw was received (even if empty)
}

// NewDateTime returns a DateTime for t.
func NewDateTime(t time.Time) DateTime { return DateTime{Time: t} }

// dateTimeLayouts are tried in order; the first that parses wins.
var dateTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999Z07",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	time.UnixDate,
	time.RubyDate,
	time.RFC1123Z,
	time.RFC1123,
	"2006-01-02",
}

// ParseDateTime parses s with the layouts DateTime accepts. Values without a
// zone are taken as UTC.
func ParseDateTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("spapi: unrecognised date-time %q", s)
}

// Raw returns the text the value was decoded from ("" for values built in Go).
func (d DateTime) Raw() string { return d.raw }

// Valid reports whether the value holds a time: false for an empty or
// unrecognised string received from the API, and for the zero DateTime.
func (d DateTime) Valid() bool { return !d.Time.IsZero() }

// String returns the original text when unchanged, RFC 3339 otherwise.
func (d DateTime) String() string {
	b, _ := d.MarshalText()
	return string(b)
}

// MarshalText implements encoding.TextMarshaler (used for query and path
// parameters).
func (d DateTime) MarshalText() ([]byte, error) {
	if d.set && d.Time.Equal(d.parsed) && d.Time.Location() == d.parsed.Location() {
		return []byte(d.raw), nil
	}
	if d.Time.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.Time.Format(time.RFC3339Nano)), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. It never fails: text it
// cannot read is kept in Raw with a zero Time.
func (d *DateTime) UnmarshalText(b []byte) error {
	d.raw = string(b)
	d.set = true
	d.Time = time.Time{}
	if t, err := ParseDateTime(d.raw); err == nil {
		d.Time = t
	}
	d.parsed = d.Time
	return nil
}

// MarshalJSON implements json.Marshaler.
func (d DateTime) MarshalJSON() ([]byte, error) {
	b, err := d.MarshalText()
	if err != nil {
		return nil, err
	}
	return json.Marshal(string(b))
}

// UnmarshalJSON implements json.Unmarshaler. It accepts a JSON string (any
// content, see DateTime), null (leaving the zero value) and, for the models
// whose examples send epoch seconds, a JSON number.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] != '"' {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("spapi: date-time must be a string, got %s", b)
		}
		f, err := n.Float64()
		if err != nil {
			return fmt.Errorf("spapi: date-time number %s: %w", b, err)
		}
		sec := int64(f)
		d.Time = time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
		d.raw, d.set, d.parsed = string(b), true, d.Time
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	return d.UnmarshalText([]byte(s))
}

// DateTimeOf returns the DateTime that text decodes to: its Time when
// ParseDateTime reads it, and text itself, which it encodes as unchanged
// (so a value such as a sandbox case's "TEST_CASE_200" is sent as given).
func DateTimeOf(text string) DateTime {
	var d DateTime
	d.UnmarshalText([]byte(text))
	return d
}
