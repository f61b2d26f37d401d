package messaginggen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spgen/spgen/internal/naming"
)

// ref builds the type a draft-07 "$ref" at ptr points to. Only references
// into the same document ("#/definitions/Name", or any JSON pointer) are
// supported; each target becomes one Go type, named after the last token
// of its pointer, shared by every reference to it.
func (b *builder) ref(v any, ptr string, a *Action) (*Type, error) {
	target, ok := v.(string)
	if !ok {
		return nil, errAt(ptr, "$ref must be a string, got %s", describe(v))
	}
	if !strings.HasPrefix(target, "#") {
		return nil, errAt(ptr, "$ref %q leaves the document; only references within it (\"#/definitions/...\") are supported", target)
	}
	frag := strings.TrimPrefix(target, "#")
	if t, ok := b.refs[frag]; ok {
		return t, nil
	}
	sub, err := resolvePointer(b.doc, frag)
	if err != nil {
		return nil, errAt(ptr, "$ref %q: %v", target, err)
	}
	if b.refs == nil {
		b.refs = map[string]*Type{}
	}
	// Reserve the slot before building, so a definition that refers to
	// itself gets the same type instead of recursing for ever.
	t := newType(frag)
	b.refs[frag] = t
	if b.building == nil {
		b.building = map[*Type]bool{}
	}
	b.building[t] = true
	defer delete(b.building, t)
	name := "Schema"
	if i := strings.LastIndexByte(frag, '/'); i >= 0 && i+1 < len(frag) {
		name = naming.Exported(unescape(frag[i+1:]))
	}
	built, err := b.buildType(sub, frag, name, a)
	if err != nil {
		delete(b.refs, frag)
		return nil, err
	}
	*t = *built
	if t.Object != nil {
		t.Object.Type = t
	}
	return t, nil
}

// resolvePointer returns the value at the JSON pointer frag in doc.
func resolvePointer(doc any, frag string) (any, error) {
	if frag == "" {
		return doc, nil
	}
	if !strings.HasPrefix(frag, "/") {
		return nil, fmt.Errorf("%q is not a JSON pointer (anchors are not supported)", frag)
	}
	cur := doc
	for _, tok := range strings.Split(frag[1:], "/") {
		tok = unescape(tok)
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[tok]
			if !ok {
				return nil, fmt.Errorf("no member %q", tok)
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Errorf("no element %q", tok)
			}
			cur = c[i]
		default:
			return nil, fmt.Errorf("%q is below a %s", tok, describe(c))
		}
	}
	return cur, nil
}

func unescape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// resolveRoot follows a root "$ref" so the root type is named after the
// schema, not the definition.
func (b *builder) resolveRoot(root map[string]any) map[string]any {
	ref, ok := root["$ref"].(string)
	if !ok || !strings.HasPrefix(ref, "#/") {
		return root
	}
	sub, err := resolvePointer(b.doc, ref[1:])
	if m, isMap := sub.(map[string]any); err == nil && isMap {
		return m
	}
	return root
}

// mergeSubschemas folds "allOf", and an "anyOf"/"oneOf" of exactly one
// alternative (which means the same), into s: properties side by side,
// required lists joined, other keywords only when they do not conflict.
// Anything else is returned unchanged.
func (b *builder) mergeSubschemas(s map[string]any, ptr string) (map[string]any, error) {
	return b.merge(s, ptr, map[string]bool{})
}

// merge is mergeSubschemas with the $ref targets being merged, so a
// reference cycle through allOf is an error rather than endless recursion.
func (b *builder) merge(s map[string]any, ptr string, active map[string]bool) (map[string]any, error) {
	var parts []struct {
		v   any
		ptr string
	}
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
		list, ok := s[kw].([]any)
		if !ok {
			if _, present := s[kw]; present {
				return nil, errAt(ptr+"/"+kw, "%s must be an array", kw)
			}
			continue
		}
		if kw != "allOf" && len(list) != 1 {
			continue
		}
		delete(out, kw)
		for i, e := range list {
			parts = append(parts, struct {
				v   any
				ptr string
			}{e, fmt.Sprintf("%s/%s/%d", ptr, kw, i)})
		}
	}
	for _, p := range parts {
		sub := p.v
		if m, ok := sub.(map[string]any); ok {
			if r, has := m["$ref"].(string); has && strings.HasPrefix(r, "#") {
				if active[r] {
					return nil, errAt(p.ptr+"/$ref", "$ref %q refers back to a schema being merged; a cycle through allOf/anyOf/oneOf is not supported", r)
				}
				resolved, err := resolvePointer(b.doc, r[1:])
				if err != nil {
					return nil, errAt(p.ptr+"/$ref", "$ref %q: %v", r, err)
				}
				active[r] = true
				defer delete(active, r)
				sub = resolved
			}
		}
		m, ok := sub.(map[string]any)
		if !ok {
			if bv, isBool := sub.(bool); isBool && bv {
				continue
			}
			return nil, errAt(p.ptr, "only schema objects can be merged into their parent, got %s", describe(sub))
		}
		m, err := b.merge(m, p.ptr, active)
		if err != nil {
			return nil, err
		}
		for k, v := range m {
			switch k {
			case "title", "description", "$id", "$comment", "examples", "default", "$schema", "definitions":
				if _, has := out[k]; !has {
					out[k] = v
				}
			case "properties":
				pm, _ := v.(map[string]any)
				dst, _ := out["properties"].(map[string]any)
				merged := map[string]any{}
				for n, ps := range dst {
					merged[n] = ps
				}
				for n, ps := range pm {
					if _, clash := merged[n]; clash {
						return nil, errAt(p.ptr+"/properties/"+escape(n), "property %q is described twice; merging two schemas of one property is not supported", n)
					}
					merged[n] = ps
				}
				out["properties"] = merged
			case "required":
				rl, _ := v.([]any)
				dst, _ := out["required"].([]any)
				out["required"] = append(append([]any(nil), dst...), rl...)
			default:
				if have, has := out[k]; has && describe(have) != describe(v) {
					return nil, errAt(p.ptr+"/"+escape(k), "%q conflicts with the parent's %s; merging it is not supported", k, describe(have))
				}
				out[k] = v
			}
		}
	}
	return out, nil
}
