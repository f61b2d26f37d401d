package models

import (
	"encoding/json"
	"os"
	"path"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// The examples of RFC 7386 §3.
func TestMergePatchRFC7386(t *testing.T) {
	cases := []struct{ target, patch, want string }{
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"e":null}`, `{"a":1}`, `{"e":null,"a":1}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
	}
	for _, c := range cases {
		var target, patch, want any
		json.Unmarshal([]byte(c.target), &target)
		json.Unmarshal([]byte(c.patch), &patch)
		json.Unmarshal([]byte(c.want), &want)
		if got := MergePatch(target, patch); !reflect.DeepEqual(got, want) {
			t.Errorf("MergePatch(%s, %s) = %v, want %s", c.target, c.patch, got, c.want)
		}
	}
}

func TestApplyOverlaysWithoutOverlayKeepsBytes(t *testing.T) {
	in := []byte("{\n  \"swagger\": \"2.0\"\n}")
	out, reasons, err := ApplyOverlays("no-such-model.json", in)
	if err != nil || string(out) != string(in) || reasons != nil {
		t.Fatalf("got %q %v %v", out, reasons, err)
	}
}

func TestPreconditionsDecideOnOtherModelVersions(t *testing.T) {
	overlays := fstest.MapFS{"m.json": {Data: []byte(`{"sha256": "` + strings.Repeat("0", 64) + `", "patches": [
		{"reason": "widen", "requires": [{"pointer": "/definitions/E/enum", "equals": ["A"]}], "merge": {"definitions": {"E": {"enum": ["A", "B"]}}}},
		{"reason": "no preconditions", "merge": {"definitions": {"F": {"type": "string"}}}}]}`)}}
	res, err := ApplyOverlayFS(overlays, "m.json", []byte(`{"definitions": {"E": {"enum": ["A"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Patches) != 1 || res.Patches[0].Index != 0 || string(res.Data) != `{"definitions":{"E":{"enum":["A","B"]}}}` {
		t.Errorf("applied %+v → %s", res.Patches, res.Data)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "patch 1 skipped") || !strings.Contains(res.Warnings[0], "states no preconditions") {
		t.Errorf("warnings %q", res.Warnings)
	}
	in := []byte(`{"definitions": {"E": {"enum": ["A", "C"]}}}`)
	res, err = ApplyOverlayFS(overlays, "m.json", in)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Patches) != 0 || string(res.Data) != string(in) || len(res.Warnings) != 2 || !strings.Contains(res.Warnings[0], `/definitions/E/enum is not ["A"]`) {
		t.Errorf("applied %+v, warnings %q", res.Patches, res.Warnings)
	}
}

// Every overlay names the model it was written for by the hash the lock
// pins, so a model update (or an older model) never takes a patch blindly.
func TestEveryOverlayIsWrittenForTheLockedModel(t *testing.T) {
	raw, err := os.ReadFile("spapi.lock.json")
	if err != nil {
		t.Fatal(err)
	}
	var lock struct {
		Files map[string]string `json:"files"`
	}
	if err := json.Unmarshal(raw, &lock); err != nil {
		t.Fatal(err)
	}
	names := OverlayFiles()
	if len(names) == 0 {
		t.Fatal("no overlays")
	}
	for _, name := range names {
		ov, err := ReadOverlay(name)
		if err != nil {
			t.Fatal(err)
		}
		if lock.Files[ov.Model] != ov.SHA256 {
			t.Errorf("overlays/%s: written for %s sha256 %s, the lock pins %q", name, ov.Model, ov.SHA256, lock.Files[ov.Model])
		}
		if path.Base(ov.Model) != name {
			t.Errorf("overlays/%s names model %s", name, ov.Model)
		}
	}
}
