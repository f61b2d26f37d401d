package spapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

type tolerantItem struct {
	Weight *struct {
		Value *string `json:"value,omitempty"`
		Unit  string  `json:"unit"`
	} `json:"weight,omitempty"`
	Quantity *int     `json:"quantity,omitempty"`
	Price    *float64 `json:"price,omitempty"`
	Gift     bool     `json:"gift"`
}

type tolerantBody struct {
	Payload *struct {
		Items []tolerantItem      `json:"items,omitzero"`
		Count int                 `json:"count"`
		Tags  map[string]string   `json:"tags,omitzero"`
		Nest  map[string][]string `json:"nest,omitzero"`
	} `json:"payload,omitempty"`
}

// A response that breaks the model's scalar kinds (a number where it says
// string, "5" where it says integer, "true" for a boolean), at several
// depths, in arrays and maps, still decodes: each mismatch is converted
// without loss and reported once.
func TestDecodeToleratesLosslessMismatches(t *testing.T) {
	body := `{"payload":{"count":"5","items":[{"weight":{"value":12.50,"unit":"kg"},"quantity":"3","price":"19.90","gift":"true"},{"weight":{"value":"1","unit":"g"},"quantity":2}],"tags":{"a":7},"nest":{"x":[1,"b"]}}}`
	resp := &http.Response{StatusCode: 200, Header: http.Header{"X-Amzn-Requestid": {"req-1"}}, Body: io.NopCloser(strings.NewReader(body))}
	var out tolerantBody
	var md ResponseMetadata
	call := NewCallOptions([]CallOption{WithMetadata(&md)})
	if err := Decode(resp, call, &out); err != nil {
		t.Fatal(err)
	}
	p := out.Payload
	if p.Count != 5 || *p.Items[0].Weight.Value != "12.50" || *p.Items[0].Quantity != 3 || *p.Items[0].Price != 19.9 || !p.Items[0].Gift ||
		*p.Items[1].Weight.Value != "1" || p.Tags["a"] != "7" || !reflect.DeepEqual(p.Nest["x"], []string{"1", "b"}) {
		t.Fatalf("decoded %+v", p)
	}
	var paths []string
	for _, m := range md.Mismatches {
		paths = append(paths, m.Path)
	}
	want := map[string]bool{"payload.count": true, "payload.items.weight.value": true, "payload.items.quantity": true, "payload.items.price": true, "payload.items.gift": true, "payload.tags": true, "payload.nest": true}
	seen := map[string]int{}
	for _, p := range paths {
		seen[p]++
	}
	for p := range want {
		if seen[p] != 1 {
			t.Errorf("mismatch %s reported %d times (all: %q)", p, seen[p], paths)
		}
	}
	if len(paths) != len(want) {
		t.Errorf("mismatches %q", paths)
	}
	again, _ := json.Marshal(out)
	if !strings.Contains(string(again), `"value":"12.50"`) {
		t.Errorf("re-encoded %s", again)
	}
}

// A value that does not convert without loss still fails, with the
// decoding error.
func TestDecodeRefusesLossyMismatches(t *testing.T) {
	body := `{"payload":{"count":"five"}}`
	resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
	var out tolerantBody
	err := Decode(resp, NewCallOptions(nil), &out)
	var de *DecodeError
	if err == nil || !errors.As(err, &de) {
		t.Fatalf("err = %v", err)
	}
}
