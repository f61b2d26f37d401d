package models

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Overlay is the set of patches for one model file (overlays/<file>).
//
// An overlay is written for one version of its model: SHA256 is the hash of
// the model file it was written against (the hash models/spapi.lock.json
// pins). On that file every patch applies. On any other version of a file
// with the same name (an older or newer release of the model), a patch
// applies only when it states preconditions (Requires) and they all hold;
// otherwise it is skipped with a warning, so that an overlay never invents
// paths or schemas in a model it was not written for.
type Overlay struct {
	// Model is the model file's path in Amazon's repository (for readers).
	Model string `json:"model,omitempty"`
	// SHA256 is the hex SHA-256 of the model file the overlay was written for.
	SHA256  string  `json:"sha256"`
	Patches []Patch `json:"patches"`
}

// Patch is one RFC 7386 JSON merge patch with the reason it exists.
type Patch struct {
	Reason string `json:"reason"`
	// Requires are the patch's preconditions on a model other than the one
	// the overlay was written for: each names a JSON pointer that must exist
	// and, with Equals, hold exactly that value.
	Requires []Precondition  `json:"requires,omitempty"`
	Merge    json.RawMessage `json:"merge"`
}

// Precondition is one test on the model before a patch applies to it.
type Precondition struct {
	Pointer string          `json:"pointer"`
	Equals  json.RawMessage `json:"equals,omitempty"`
}

// Applied describes what ApplyOverlay did to one model.
type Applied struct {
	// Data is the patched model (the input, byte for byte, when nothing applied).
	Data []byte
	// Overlay names the overlay file ("models/overlays/x.json"), empty when
	// the model has none.
	Overlay string
	// Patches lists the patches applied, in order.
	Patches []AppliedPatch
	// Warnings say which patches were skipped and why.
	Warnings []string
}

// AppliedPatch is one patch that was applied.
type AppliedPatch struct {
	// Index is the patch's position in its overlay.
	Index  int
	Reason string
	// Touches are the JSON pointers of the model parts the patch changes,
	// two levels deep ("/paths/~1orders~1v0~1orders", "/definitions/Order").
	Touches []string
}

// Describe names the patch for error messages.
func (p AppliedPatch) Describe(overlay string) string {
	return fmt.Sprintf("%s patch %d (%s)", overlay, p.Index, p.Reason)
}

// OverlayFiles lists the model file names that have an overlay.
func OverlayFiles() []string {
	entries, _ := files.ReadDir("overlays")
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// ReadOverlay returns the overlay for the model file named fileBase, or nil
// when it has none.
func ReadOverlay(fileBase string) (*Overlay, error) {
	return readOverlay(embedded(), "models/overlays/", fileBase)
}

// embedded is the overlays directory embedded in this package.
func embedded() fs.FS {
	sub, _ := fs.Sub(files, "overlays")
	return sub
}

func readOverlay(fsys fs.FS, prefix, fileBase string) (*Overlay, error) {
	raw, err := fs.ReadFile(fsys, fileBase)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ov Overlay
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ov); err != nil {
		return nil, fmt.Errorf("%s%s: %w", prefix, fileBase, err)
	}
	if len(ov.SHA256) != 64 {
		return nil, fmt.Errorf("%s%s: no sha256 of the model it was written for", prefix, fileBase)
	}
	for i, p := range ov.Patches {
		if strings.TrimSpace(p.Reason) == "" {
			return nil, fmt.Errorf("%s%s: patch %d has no reason", prefix, fileBase, i)
		}
	}
	return &ov, nil
}

// ApplyOverlay patches the model file named fileBase (e.g. "ordersV0.json")
// with its overlay, if it has one. Without an overlay, or when no patch
// applies, Data is the input byte for byte (so positions in error messages
// stay right).
func ApplyOverlay(fileBase string, data []byte) (*Applied, error) {
	return applyOverlay(embedded(), "models/overlays/", fileBase, data)
}

// ApplyOverlayFS is ApplyOverlay with the overlays read from fsys (one file
// per model file name at its root) instead of the embedded models/overlays.
func ApplyOverlayFS(fsys fs.FS, fileBase string, data []byte) (*Applied, error) {
	return applyOverlay(fsys, "", fileBase, data)
}

func applyOverlay(fsys fs.FS, prefix, fileBase string, data []byte) (*Applied, error) {
	res := &Applied{Data: data}
	ov, err := readOverlay(fsys, prefix, fileBase)
	if err != nil || ov == nil {
		return res, err
	}
	name := prefix + fileBase
	sum := sha256.Sum256(data)
	written := hex.EncodeToString(sum[:]) == ov.SHA256
	doc, err := decode(data)
	if err != nil {
		// Not JSON: nothing to patch; the model loader reports where it
		// is broken, with positions in the file as given.
		return res, nil
	}
	res.Overlay = name
	for i, p := range ov.Patches {
		patch, err := decode(p.Merge)
		if err != nil {
			return nil, fmt.Errorf("%s: patch %d: %w", name, i, err)
		}
		if !written {
			if why := unmet(doc, p.Requires); why != "" {
				res.Warnings = append(res.Warnings, fmt.Sprintf(
					"%s patch %d skipped: it was written for the model with sha256 %s…, not this one, and %s (%s)",
					name, i, ov.SHA256[:12], why, p.Reason))
				continue
			}
		}
		doc = MergePatch(doc, patch)
		res.Patches = append(res.Patches, AppliedPatch{Index: i, Reason: p.Reason, Touches: touches(patch)})
	}
	if len(res.Patches) == 0 {
		return res, nil
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	res.Data = out
	return res, nil
}

// ApplyOverlays is ApplyOverlay returning only the patched data and the
// reasons of the patches applied.
func ApplyOverlays(fileBase string, data []byte) ([]byte, []string, error) {
	res, err := ApplyOverlay(fileBase, data)
	if err != nil {
		return nil, nil, err
	}
	var reasons []string
	for _, p := range res.Patches {
		reasons = append(reasons, p.Reason)
	}
	return res.Data, reasons, nil
}

// unmet returns why the preconditions do not hold in doc, or "" when they
// all do. A patch without preconditions has none to hold on a model it was
// not written for.
func unmet(doc any, reqs []Precondition) string {
	if len(reqs) == 0 {
		return "the patch states no preconditions"
	}
	for _, r := range reqs {
		v, ok := lookup(doc, r.Pointer)
		if !ok {
			return fmt.Sprintf("%s does not exist", r.Pointer)
		}
		if len(r.Equals) > 0 {
			want, err := decode(r.Equals)
			if err != nil || !reflect.DeepEqual(v, want) {
				return fmt.Sprintf("%s is not %s", r.Pointer, compact(r.Equals))
			}
		}
	}
	return ""
}

func compact(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

// lookup follows an RFC 6901 pointer in v.
func lookup(v any, ptr string) (any, bool) {
	if ptr == "" {
		return v, true
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil, false
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[tok]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// touches lists the pointers, two levels deep, of what a merge patch changes.
func touches(patch any) []string {
	var out []string
	top, _ := patch.(map[string]any)
	for _, k := range sortedKeys(top) {
		sub, ok := top[k].(map[string]any)
		if !ok || len(sub) == 0 {
			out = append(out, "/"+escape(k))
			continue
		}
		for _, k2 := range sortedKeys(sub) {
			out = append(out, "/"+escape(k)+"/"+escape(k2))
		}
	}
	return out
}

func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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
