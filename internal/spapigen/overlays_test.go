package spapigen

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/spapimodel"
)

// Defect: overlays were matched by file name only, so an overlay written
// for today's model patched an older model of the same name (the services
// overlay created a path in the 2021 services.json and the failure blamed
// oapi-codegen; the awd overlay replaced an older, different enum). An
// overlay applies in full only to the model it was written for; elsewhere
// a patch whose preconditions do not hold is skipped with a warning.
func TestOverlayForAnotherModelVersionIsSkipped(t *testing.T) {
	data, err := os.ReadFile("testdata/overlays/older/awd_2024-05-09.json")
	if err != nil {
		t.Fatal(err)
	}
	files, rep, err := GenerateModel(Model{Package: "awd", Input: spapimodel.Input{Rel: "amazon-warehousing-and-distribution-model/awd_2024-05-09.json", Data: data}})
	if err != nil {
		t.Fatalf("older awd model does not generate: %v", err)
	}
	if strings.Contains(string(files["api.go"]), `"CUIN"`) {
		t.Error("the overlay's enum value reached a model it was not written for")
	}
	warned := false
	for _, w := range rep.Warnings {
		if strings.Contains(w, "models/overlays/awd_2024-05-09.json patch 0 skipped") && strings.Contains(w, `/definitions/VolumeUnitOfMeasurement/enum is not ["CU_IN","CBM","CC"]`) {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning about the skipped patch: %q", rep.Warnings)
	}
	for _, n := range rep.Notes {
		if strings.HasPrefix(n, "overlay:") {
			t.Errorf("overlay applied to a model it was not written for: %s", n)
		}
	}
}

// The overlay does apply, in full, to the model it was written for.
func TestOverlayAppliesToItsModel(t *testing.T) {
	data, err := os.ReadFile(sharedModels + "/amazon-warehousing-and-distribution-model/awd_2024-05-09.json")
	if err != nil {
		t.Fatal(err)
	}
	_, rep, err := GenerateModel(Model{Package: "awd", Input: spapimodel.Input{Rel: "amazon-warehousing-and-distribution-model/awd_2024-05-09.json", Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	applied := 0
	for _, n := range rep.Notes {
		if strings.HasPrefix(n, "overlay:") {
			applied++
		}
	}
	if applied != 1 {
		t.Errorf("%d overlay patches applied, want 1 (notes %q, warnings %q)", applied, rep.Notes, rep.Warnings)
	}
}

// An error in a part of the model an overlay patched names the patch, and
// -no-overlays (Model.NoOverlays) generates without it.
func TestErrorInPatchedPartNamesOverlay(t *testing.T) {
	data, err := os.ReadFile("testdata/overlays/broken.json")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	overlays := fstest.MapFS{"broken.json": {Data: []byte(`{"sha256": "` + hex.EncodeToString(sum[:]) + `", "patches": [
		{"reason": "a patch that breaks the model", "merge": {"definitions": {"Thing": {"properties": {"name": {"type": null, "$ref": "#/definitions/Missing"}}}}}}]}`)}}
	m := Model{Package: "broken", Input: spapimodel.Input{Rel: "broken.json", Data: data, Overlays: overlays}}
	_, _, err = GenerateModel(m)
	var de *diag.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *diag.Error", err)
	}
	if de.Pointer != "/definitions/Thing/properties/name/$ref" {
		t.Errorf("pointer = %q", de.Pointer)
	}
	if !strings.Contains(err.Error(), "patched by broken.json patch 0 (a patch that breaks the model)") {
		t.Errorf("error does not name the overlay patch: %v", err)
	}
	m.NoOverlays = true
	if _, _, err := GenerateModel(m); err != nil {
		t.Errorf("with NoOverlays: %v", err)
	}
}
