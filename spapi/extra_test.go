package spapi

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

type extraPackage struct {
	ID    string `json:"id"`
	Extra Extra  `json:"-"`
}

type extraShipment struct {
	Packages []extraPackage           `json:"packages,omitzero"`
	ByCode   map[string]extraPackage  `json:"byCode,omitzero"`
	ByRef    map[string]*extraPackage `json:"byRef,omitzero"`
	Weight   *struct {
		Value string `json:"value"`
		Extra Extra  `json:"-"`
	} `json:"weight,omitempty"`
	Extra Extra `json:"-"`
}

type extraBody struct {
	Payload *extraShipment `json:"payload,omitempty"`
	Extra   Extra          `json:"-"`
}

// Members the model lacks, at several depths, in arrays and maps, next
// to a scalar of the wrong kind: the call succeeds, each member is kept in
// its struct's Extra and reported once, and encoding the value again
// gives back every member received.
func TestDecodeKeepsMembersTheModelLacks(t *testing.T) {
	body := `{"isErrored":false,"payload":{"carrierScac":"UPSN","weight":{"value":2.5,"unit":"kg"},` +
		`"packages":[{"id":"p1","packageIdentifier":"A"},{"id":"p2","packageIdentifier":"B","label":{"format":"PDF"}}],` +
		`"byCode":{"x":{"id":"p3","compressionAlgorithm":"GZIP"}},"byRef":{"y":{"id":"p4","n":[1,2.50]}}}}`
	resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
	var out extraBody
	var md ResponseMetadata
	if err := Decode(resp, NewCallOptions([]CallOption{WithMetadata(&md)}), &out); err != nil {
		t.Fatal(err)
	}
	p := out.Payload
	var scac string
	if ok, err := p.Extra.Get("carrierScac", &scac); !ok || err != nil || scac != "UPSN" {
		t.Errorf("carrierScac: %v %v %q", ok, err, scac)
	}
	if string(out.Extra["isErrored"]) != "false" || p.Weight.Value != "2.5" || string(p.Weight.Extra["unit"]) != `"kg"` ||
		string(p.Packages[0].Extra["packageIdentifier"]) != `"A"` || string(p.Packages[1].Extra["label"]) != `{"format":"PDF"}` ||
		string(p.ByCode["x"].Extra["compressionAlgorithm"]) != `"GZIP"` || string(p.ByRef["y"].Extra["n"]) != `[1,2.50]` {
		t.Fatalf("decoded %+v", p)
	}
	count := map[string]int{}
	for _, m := range md.Mismatches {
		count[m.Path]++
		if m.Member != (m.Path != "payload.weight.value") || m.Member && !m.Kept {
			t.Errorf("mismatch %+v", m)
		}
	}
	want := map[string]int{"isErrored": 1, "payload.carrierScac": 1, "payload.weight.value": 1, "payload.weight.unit": 1,
		"payload.packages.packageIdentifier": 1, "payload.packages.label": 1, "payload.byCode.compressionAlgorithm": 1, "payload.byRef.n": 1}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("mismatches %v, want each of %v once", md.Mismatches, want)
	}

	again, err := EncodeJSON(&out)
	if err != nil {
		t.Fatal(err)
	}
	var got, sent any
	json.Unmarshal(again, &got)
	json.Unmarshal([]byte(strings.Replace(body, `"value":2.5`, `"value":"2.5"`, 1)), &sent)
	if !reflect.DeepEqual(got, sent) {
		t.Errorf("re-encoded\n%s\nwant (the value converted to the model's string)\n%s", again, body)
	}
}

// A body that fits its types decodes in one pass and reports nothing; a
// value without extras encodes exactly as encoding/json does.
func TestExactBodiesReportNothing(t *testing.T) {
	body := `{"payload":{"packages":[{"id":"p1"}]}}`
	var out extraBody
	found, err := decodeTolerant([]byte(body), &out)
	if err != nil || len(found) != 0 || out.Payload.Packages[0].ID != "p1" || out.Payload.Packages[0].Extra != nil {
		t.Fatalf("%v %v %+v", found, err, out.Payload)
	}
	a, _ := EncodeJSON(out)
	b, _ := json.Marshal(out)
	if string(a) != string(b) {
		t.Errorf("EncodeJSON %s, json.Marshal %s", a, b)
	}
	if _, err := decodeTolerant([]byte(body+"x"), &out); err == nil {
		t.Error("trailing data accepted")
	}
}

// FuzzDecodeTolerant: any body decodes into the model's types or gives an
// error, never a panic; a decoded value encodes again, and encoding that
// and decoding it once more reports no mismatch of a member the model
// lacks that was kept (nothing kept is lost on the way back).
func FuzzDecodeTolerant(f *testing.F) {
	f.Add([]byte(`{"payload":{"carrierScac":"X","packages":[{"id":"p","n":1}],"byCode":{"a":{"id":"q","z":[1]}}}}`))
	f.Add([]byte(`{"payload":{"weight":{"value":2.5,"unit":"kg"}},"isErrored":false}`))
	f.Add([]byte(`{"payload":null}`))
	f.Add([]byte(`[1,2,3]`))
	f.Add([]byte(`{"payload":{"byRef":{"y":null}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var out extraBody
		found, err := decodeTolerant(body, &out)
		if err != nil {
			return
		}
		enc, err := EncodeJSON(&out)
		if err != nil {
			t.Fatalf("EncodeJSON of a decoded value: %v", err)
		}
		var again extraBody
		found2, err := decodeTolerant(enc, &again)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", enc, err)
		}
		kept := map[string]bool{}
		for _, m := range found {
			if m.Member && m.Kept {
				kept[m.Path] = true
			}
		}
		for _, m := range found2 {
			if m.Member && m.Kept {
				delete(kept, m.Path)
			}
		}
		if len(kept) > 0 {
			t.Fatalf("members lost on re-encoding: %v (%s → %s)", kept, body, enc)
		}
	})
}
