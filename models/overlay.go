package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
)

// Overlay is the set of patches for one model file (overlays/<file>).
type Overlay struct {
	Patches []Patch `json:"patches"`
}

// Patch is one RFC 7386 JSON merge patch with the reason it exists.
type Patch struct {
	Reason string          `json:"reason"`
	Merge  json.RawMessage `json:"merge"`
}

// OverlayFiles lists the model file names that have an overlay.
func OverlayFiles() []string {
	entries, _ := files.ReadDir("overlays")
	var out []string
	for _, e := range entries {
		if e.Name() != "README.md" {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// ApplyOverlays patches the model file named fileBase (e.g. "ordersV0.json")
// with its overlay, if it has one, and returns the patched JSON and the
// reasons of the patches applied. Without an overlay data is returned
// unchanged (byte for byte, so positions in error messages stay right).
func ApplyOverlays(fileBase string, data []byte) ([]byte, []string, error) {
	raw, err := files.ReadFile("overlays/" + fileBase)
	if errors.Is(err, fs.ErrNotExist) {
		return data, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var ov Overlay
	if err := json.Unmarshal(raw, &ov); err != nil {
		return nil, nil, fmt.Errorf("models/overlays/%s: %w", fileBase, err)
	}
	doc, err := decode(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", fileBase, err)
	}
	var reasons []string
	for i, p := range ov.Patches {
		patch, err := decode(p.Merge)
		if err != nil {
			return nil, nil, fmt.Errorf("models/overlays/%s: patch %d: %w", fileBase, i, err)
		}
		doc = MergePatch(doc, patch)
		reasons = append(reasons, p.Reason)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, err
	}
	return out, reasons, nil
}

func decode(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// MergePatch applies an RFC 7386 merge patch to target and returns the
// result: objects merge key by key, null deletes, anything else replaces.
func MergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = MergePatch(t[k], v)
	}
	return t
}
