package spapi

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Extra holds the members of a JSON object that its model lacks, each as
// the JSON text received (Amazon adds members before its models say so:
// isErrored, carrierScac, packageIdentifier). Every struct generated from
// an object schema has an Extra field, filled by the typed methods'
// decoding (each member listed in ResponseMetadata.Mismatches), and
// written again by the generated clients' request encoding ([EncodeJSON])
// when the value is sent back. encoding/json ignores it (json:"-").
type Extra map[string]json.RawMessage

// Get returns the member name decoded into v (any value encoding/json
// decodes into) and whether it was present.
func (e Extra) Get(name string, v any) (bool, error) {
	raw, ok := e[name]
	if !ok {
		return false, nil
	}
	return true, json.Unmarshal(raw, v)
}

var extraType = reflect.TypeFor[Extra]()

// objectInfo is how a generated struct type maps JSON members to fields.
type objectInfo struct {
	fields map[string][]int // JSON name → field index path
	extra  []int            // the Extra field's index path; nil when none
}

var objectInfos sync.Map // reflect.Type → *objectInfo

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	marshalerType   = reflect.TypeFor[json.Marshaler]()
)

// infoOf describes the struct type t: the JSON name of each field
// encoding/json decodes (embedded structs' fields included) and the Extra
// field.
func infoOf(t reflect.Type) *objectInfo {
	if v, ok := objectInfos.Load(t); ok {
		return v.(*objectInfo)
	}
	info := &objectInfo{fields: map[string][]int{}}
	var add func(t reflect.Type, index []int)
	add = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			idx := append(slices.Clone(index), i)
			if f.Type == extraType {
				info.extra = idx
				continue
			}
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				add(f.Type, idx)
				continue
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if _, dup := info.fields[name]; !dup {
				info.fields[name] = idx
			}
		}
	}
	add(t, nil)
	v, _ := objectInfos.LoadOrStore(t, info)
	return v.(*objectInfo)
}

// field returns the struct value's field at index, or false when an
// embedded pointer on the way is nil.
func field(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// keepExtra walks the decoded value v alongside tree, the same body parsed
// generically, and stores each object member v's type lacks in the Extra
// field of its struct. It reports each such member once per path (array
// positions and map keys are not named, as in Mismatch).
func keepExtra(tree any, v reflect.Value, path string, seen map[string]bool, found *[]Mismatch) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() || v.Kind() == reflect.Interface {
			return
		}
		v = v.Elem()
	}
	if v.Type().Implements(unmarshalerType) || (v.CanAddr() && v.Addr().Type().Implements(unmarshalerType)) {
		return // the type decodes itself (unions, date-times, maps with typed extras)
	}
	switch v.Kind() {
	case reflect.Struct:
		obj, ok := tree.(map[string]any)
		if !ok {
			return
		}
		info := infoOf(v.Type())
		for _, name := range slices.Sorted(maps.Keys(obj)) {
			at := join(path, name)
			if idx, ok := info.fields[name]; ok {
				if f, ok := field(v, idx); ok {
					keepExtra(obj[name], f, at, seen, found)
				}
				continue
			}
			kept := false
			if info.extra != nil {
				if f, ok := field(v, info.extra); ok && f.CanSet() {
					raw, err := json.Marshal(obj[name])
					if err == nil {
						if f.IsNil() {
							f.Set(reflect.MakeMap(extraType))
						}
						f.SetMapIndex(reflect.ValueOf(name), reflect.ValueOf(json.RawMessage(raw)))
						kept = true
					}
				}
			}
			if !seen[at] {
				seen[at] = true
				*found = append(*found, Mismatch{Path: at, Member: true, Kept: kept})
			}
		}
	case reflect.Slice, reflect.Array:
		arr, ok := tree.([]any)
		if !ok {
			return
		}
		for i := 0; i < v.Len() && i < len(arr); i++ {
			keepExtra(arr[i], v.Index(i), path, seen, found)
		}
	case reflect.Map:
		obj, ok := tree.(map[string]any)
		if !ok || v.Type().Key().Kind() != reflect.String || v.IsNil() {
			return
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			key := reflect.ValueOf(k).Convert(v.Type().Key())
			elem := v.MapIndex(key)
			if !elem.IsValid() {
				continue
			}
			// Map elements are not addressable: change a copy, store it back.
			cp := reflect.New(elem.Type()).Elem()
			cp.Set(elem)
			keepExtra(obj[k], cp, path, seen, found)
			v.SetMapIndex(key, cp)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// EncodeJSON encodes v as encoding/json does, then adds back, at each
// object, the members its Extra field holds (those the value's own fields
// do not encode): a value decoded from a response is sent back with every
// member it was received with. The generated clients encode request
// bodies with it.
func EncodeJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || !hasExtra(reflect.ValueOf(v)) {
		return b, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	addExtra(&tree, reflect.ValueOf(v))
	return json.Marshal(tree)
}

// hasExtra reports whether any struct inside v has a non-empty Extra.
func hasExtra(v reflect.Value) bool {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if v.Type().Implements(marshalerType) {
		return false
	}
	switch v.Kind() {
	case reflect.Struct:
		info := infoOf(v.Type())
		if info.extra != nil {
			if f, ok := field(v, info.extra); ok && f.Len() > 0 {
				return true
			}
		}
		for _, idx := range info.fields {
			if f, ok := field(v, idx); ok && hasExtra(f) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return false
		}
		for i := range v.Len() {
			if hasExtra(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if hasExtra(it.Value()) {
				return true
			}
		}
	}
	return false
}

// addExtra walks v alongside its encoding, tree, adding each struct's
// Extra members its encoding lacks.
func addExtra(tree *any, v reflect.Value) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Type().Implements(marshalerType) {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		obj, ok := (*tree).(map[string]any)
		if !ok {
			return
		}
		info := infoOf(v.Type())
		for name, idx := range info.fields {
			if child, ok := obj[name]; ok {
				if f, ok := field(v, idx); ok {
					addExtra(&child, f)
					obj[name] = child
				}
			}
		}
		if info.extra != nil {
			if f, ok := field(v, info.extra); ok {
				for name, raw := range f.Interface().(Extra) {
					if _, taken := obj[name]; !taken {
						obj[name] = raw
					}
				}
			}
		}
	case reflect.Slice, reflect.Array:
		arr, ok := (*tree).([]any)
		if !ok {
			return
		}
		for i := 0; i < v.Len() && i < len(arr); i++ {
			addExtra(&arr[i], v.Index(i))
		}
	case reflect.Map:
		obj, ok := (*tree).(map[string]any)
		if !ok || v.Type().Key().Kind() != reflect.String {
			return
		}
		for it := v.MapRange(); it.Next(); {
			k := it.Key().String()
			if child, ok := obj[k]; ok {
				addExtra(&child, it.Value())
				obj[k] = child
			}
		}
	}
}
