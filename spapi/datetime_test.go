package spapi

import (
	"encoding/json"
	"testing"
	"time"
)

// Amazon's model examples and the live API send these; none may fail to decode.
func TestDateTimeToleratesAmazonFormats(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
	}{
		{`"2019-10-28T18:49:32Z"`, time.Date(2019, 10, 28, 18, 49, 32, 0, time.UTC)},
		{`"2020-05-25T13:00:00"`, time.Date(2020, 5, 25, 13, 0, 0, 0, time.UTC)},
		{`"2020-04-01T10:00:00.00-07"`, time.Date(2020, 4, 1, 17, 0, 0, 0, time.UTC)},
		{`"Mon Oct 28 18:49:32 UTC 2019"`, time.Date(2019, 10, 28, 18, 49, 32, 0, time.UTC)},
		{`"2020-04-01T10:00:00.000+0000"`, time.Date(2020, 4, 1, 10, 0, 0, 0, time.UTC)},
		{`""`, time.Time{}},
		{`"not a date"`, time.Time{}},
	}
	for _, c := range cases {
		var d DateTime
		if err := json.Unmarshal([]byte(c.in), &d); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if !d.Time.Equal(c.want) {
			t.Errorf("%s: got %v want %v", c.in, d.Time, c.want)
		}
		out, err := json.Marshal(d)
		if err != nil || string(out) != c.in {
			t.Errorf("%s: round trip gave %s, %v", c.in, out, err)
		}
	}
}

func TestDateTimeChangedEncodesRFC3339(t *testing.T) {
	var d DateTime
	if err := json.Unmarshal([]byte(`"2020-05-25T13:00:00"`), &d); err != nil {
		t.Fatal(err)
	}
	d.Time = d.Time.Add(time.Hour)
	out, _ := json.Marshal(d)
	if string(out) != `"2020-05-25T14:00:00Z"` {
		t.Fatalf("got %s", out)
	}
	out, _ = json.Marshal(NewDateTime(time.Date(2021, 1, 2, 3, 4, 5, 0, time.UTC)))
	if string(out) != `"2021-01-02T03:04:05Z"` {
		t.Fatalf("got %s", out)
	}
	var p struct{ T *DateTime }
	if err := json.Unmarshal([]byte(`{"T":null}`), &p); err != nil || p.T != nil {
		t.Fatalf("null: %v %v", p.T, err)
	}
}

func TestBase64KeepsPlainText(t *testing.T) {
	var b Base64
	if err := json.Unmarshal([]byte(`"plain text, not base64!"`), &b); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(b)
	if string(out) != `"plain text, not base64!"` {
		t.Fatalf("got %s", out)
	}
	if _, err := b.Bytes(); err == nil {
		t.Fatal("expected decode error for plain text")
	}
	got, err := NewBase64([]byte("hi")).Bytes()
	if err != nil || string(got) != "hi" {
		t.Fatalf("got %q %v", got, err)
	}
}
