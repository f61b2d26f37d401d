package messaginggen

import "fmt"

// branches reads a "oneOf"/"anyOf" of several alternatives on an object
// whose alternatives only constrain the object's own properties (as in
// Amazon's listings feed: one alternative per operationType). Alternatives
// that would be values of their own type are refused.
func (b *builder) branches(s map[string]any, ptr string, st *Struct, a *Action) error {
	for _, kw := range []string{"oneOf", "anyOf"} {
		list, ok := s[kw].([]any)
		if !ok || len(list) < 2 {
			continue
		}
		if st.Type.BranchKeyword != "" {
			return errAt(ptr+"/"+kw, "both oneOf and anyOf on one object are not supported")
		}
		st.Type.BranchKeyword = kw
		byName := map[string]*Field{}
		for _, f := range st.Fields {
			byName[f.JSONName] = f
		}
		for i, e := range list {
			bp := fmt.Sprintf("%s/%s/%d", ptr, kw, i)
			m, ok := e.(map[string]any)
			if !ok {
				return errAt(bp, "an alternative must be a schema object")
			}
			br := &Branch{Ptr: bp}
			for _, k := range sortedKeys(m) {
				switch k {
				case "properties", "required", "$comment", "title", "description":
				case "type":
					if m[k] != "object" {
						return errAt(bp+"/type", "an alternative of an object's oneOf/anyOf may only have \"type\": \"object\"; spgen supports typed alternatives of objects only")
					}
				default:
					return errAt(bp+"/"+escape(k), "keyword %q in a oneOf/anyOf alternative is not supported (alternatives may only constrain the object's own properties); spgen supports no other typed alternatives", k)
				}
			}
			props, _ := m["properties"].(map[string]any)
			for _, n := range sortedKeys(props) {
				f, ok := byName[n]
				if !ok {
					return errAt(bp+"/properties/"+escape(n), "the alternative constrains %q, which the object does not describe", n)
				}
				ps := props[n]
				if m, isMap := ps.(map[string]any); isMap && m["type"] == nil && m["$ref"] == nil {
					switch f.Type.Kind {
					case KindString, KindInteger, KindNumber, KindBoolean:
						// The property's own schema already fixes its type
						// (decoding enforces it), so an untyped constraint
						// here means the same with that type.
						typed := map[string]any{"type": f.Type.Kind.String()}
						for k, v := range m {
							typed[k] = v
						}
						ps = typed
					}
				}
				t, err := b.buildType(ps, bp+"/properties/"+escape(n), st.Name+"Branch", a)
				if err != nil {
					return err
				}
				if !t.Never && t.Kind != KindAny && t.Kind != f.Type.Kind {
					return errAt(bp+"/properties/"+escape(n), "the alternative gives %q the type %s, the object %s; not supported", n, t.Kind, f.Type.Kind)
				}
				if t.Kind == KindObject || t.Kind == KindArray || t.Kind == KindMap {
					return errAt(bp+"/properties/"+escape(n), "an alternative may constrain a property only with a scalar schema or false")
				}
				br.Props = append(br.Props, BranchProp{Field: f, Type: t})
			}
			req, err := requiredSet(m, bp)
			if err != nil {
				return err
			}
			for _, n := range sortedKeys(boolMap(req)) {
				f, ok := byName[n]
				if !ok {
					return errAt(bp+"/required", "the alternative requires %q, which the object does not describe", n)
				}
				br.Required = append(br.Required, f)
			}
			st.Type.Branches = append(st.Type.Branches, br)
		}
	}
	return nil
}

func boolMap(m map[string]bool) map[string]any {
	out := make(map[string]any, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// union builds the typed alternatives of an untyped schema that is an
// "anyOf"/"oneOf" of several schemas: a struct named structName with one
// pointer per alternative. It returns nil when s is not such a schema.
func (b *builder) union(s map[string]any, ptr, structName string, a *Action) (*Type, error) {
	kw := ""
	var list []any
	for _, k := range []string{"anyOf", "oneOf"} {
		if l, ok := s[k].([]any); ok && len(l) > 1 {
			if kw != "" {
				return nil, errAt(ptr+"/"+k, "both anyOf and oneOf on one schema are not supported")
			}
			kw, list = k, l
		}
	}
	if kw == "" {
		return nil, nil
	}
	for _, k := range sortedKeys(s) {
		switch k {
		case kw, "$id", "$comment", "title", "description", "default", "examples", "definitions", "$schema":
		default:
			return nil, errAt(ptr+"/"+escape(k), "keyword %q beside %s is not supported", k, kw)
		}
	}
	t := newType(ptr)
	t.Kind = KindObject
	t.Title, _ = s["title"].(string)
	t.Description, _ = s["description"].(string)
	st := &Struct{Name: b.types.Unique(structName), Type: t, AltKeyword: kw}
	if ptr == "" {
		return nil, errAt(ptr, "a root schema that is a union is not supported")
	}
	t.Object = st
	a.Structs = append(a.Structs, st)
	for i, alt := range list {
		at, err := b.buildType(alt, fmt.Sprintf("%s/%s/%d", ptr, kw, i), fmt.Sprintf("%sAlternative%d", st.Name, i+1), a)
		if err != nil {
			return nil, err
		}
		if at.Kind != KindObject || at.Object == nil || len(at.Object.Alts) > 0 {
			return nil, errAt(fmt.Sprintf("%s/%s/%d", ptr, kw, i), "only object alternatives are supported in a union")
		}
		st.Alts = append(st.Alts, at)
	}
	return t, nil
}
