package spapitest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spgen/spgen/models"
)

const sharedModels = "../../shared/models/spapi"

// rawModel decodes the model file with base name file from the shared
// models, with or without the overlays of package models.
func rawModel(t *testing.T, file string, overlaid bool) map[string]any {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(sharedModels, "*", file))
	if len(paths) != 1 {
		t.Fatalf("%s: found %v under %s", file, paths, sharedModels)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	if overlaid {
		if data, _, err = models.ApplyOverlays(file, data); err != nil {
			t.Fatal(err)
		}
	}
	root, ok := decodeJSON(data).(map[string]any)
	if !ok {
		t.Fatalf("%s is not a JSON object", file)
	}
	return root
}

func caseOf(t *testing.T, root map[string]any, c Correction) any {
	t.Helper()
	list, i, err := findCase(root, c)
	if err != nil {
		t.Fatal(err)
	}
	return list[i]
}

// TestCorrectionsApplyToAmazonsModels: every correction names a case of
// Amazon's model as published (so it still applies once the model overlay
// copies are gone), applying it twice changes nothing, and it leaves the
// case as the model overlays do where they patch the same case (so an
// overlay that also patches the case is harmless).
func TestCorrectionsApplyToAmazonsModels(t *testing.T) {
	files := CorrectionFiles()
	if len(files) == 0 {
		t.Fatal("no corrections embedded")
	}
	for _, file := range files {
		cs, err := Corrections(file)
		if err != nil {
			t.Fatal(err)
		}
		raw, overlaid := rawModel(t, file, false), rawModel(t, file, true)
		if err := applyCorrections(file, raw, cs); err != nil {
			t.Fatalf("on Amazon's model: %v", err)
		}
		once := string(encodeJSON(raw))
		if err := applyCorrections(file, raw, cs); err != nil {
			t.Fatal(err)
		}
		if string(encodeJSON(raw)) != once {
			t.Errorf("%s: applying the corrections twice differs from once", file)
		}
		if err := applyCorrections(file, overlaid, cs); err != nil {
			t.Fatalf("on the overlaid model: %v", err)
		}
		for _, c := range cs {
			a, b := caseOf(t, raw, c), caseOf(t, overlaid, c)
			if !reflect.DeepEqual(numeric(a), numeric(b)) {
				t.Errorf("%s: corrected case differs with and without the overlays:\n%s\n%s", c.ID(file), encodeJSON(a), encodeJSON(b))
			}
		}
	}
}

// TestStaleCorrectionIsAnError: a correction naming a case the model does
// not have fails the load, naming the corrections file and the case.
func TestStaleCorrectionIsAnError(t *testing.T) {
	root := decodeJSON([]byte(`{"paths":{"/things/{id}":{"get":{"operationId":"getThing","responses":{"200":{"x-amzn-api-sandbox":{"static":[{"request":{}}]}}}}}}}`)).(map[string]any)
	for _, tc := range []struct {
		c    Correction
		want string
	}{
		{Correction{Operation: "getNothing", Status: 200, Merge: json.RawMessage(`{}`)}, "x.json getNothing 200 #0): the model has no operation getNothing"},
		{Correction{Operation: "getThing", Status: 200, Case: 1, Merge: json.RawMessage(`{}`)}, "getThing has 1 static cases under 200, no #1"},
		{Correction{Operation: "getThing", Status: 404, Merge: json.RawMessage(`{}`)}, "getThing has 0 static cases under 404, no #0"},
		{Correction{Operation: "getThing", Status: 200, Merge: json.RawMessage(`[]`)}, "the merge patch must be a JSON object"},
	} {
		err := applyCorrections("x.json", root, []Correction{tc.c})
		if err == nil || !strings.HasPrefix(err.Error(), "spapitest/corrections/x.json: correction 0 (") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v", tc.c, err)
		}
	}
}

// numeric re-decodes v with numbers as float64, so that 12.00 and 12.0
// (the overlays re-encode the cases they restructure) compare equal.
func numeric(v any) any {
	var out any
	_ = json.Unmarshal(encodeJSON(v), &out)
	return out
}
