package actionschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"iter"
	"slices"
)

// AppendExtra adds the members of extra to the JSON object obj (as
// encoding/json wrote it for a struct), in name order, skipping names obj
// already has. Generated MarshalJSON methods use it to write back the
// members a schema allows but does not describe, so decoding and encoding a
// document loses none of them.
func AppendExtra(obj []byte, extra map[string]json.RawMessage) ([]byte, error) {
	if len(extra) == 0 {
		return obj, nil
	}
	obj = bytes.TrimSpace(obj)
	if len(obj) < 2 || obj[0] != '{' || obj[len(obj)-1] != '}' {
		return nil, errors.New("actionschema: AppendExtra needs a JSON object")
	}
	var known map[string]json.RawMessage
	if err := json.Unmarshal(obj, &known); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(extra))
	for k := range extra {
		if _, dup := known[k]; !dup {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	out := make([]byte, 0, len(obj)+64*len(names))
	out = append(out, obj[:len(obj)-1]...)
	empty := len(bytes.TrimSpace(obj[1:len(obj)-1])) == 0
	for _, k := range names {
		v := extra[k]
		if !json.Valid(v) {
			return nil, errors.New("actionschema: extra member " + k + " is not valid JSON")
		}
		if !empty {
			out = append(out, ',')
		}
		empty = false
		key, _ := json.Marshal(k)
		out = append(out, key...)
		out = append(out, ':')
		out = append(out, v...)
	}
	return append(out, '}'), nil
}

// Duplicate returns the indexes of the first two equal elements of s, for
// the "uniqueItems" keyword over scalar elements.
func Duplicate[T comparable](s []T) (i, j int, found bool) {
	if len(s) < 2 {
		return 0, 0, false
	}
	seen := make(map[T]int, len(s))
	for k, v := range s {
		if first, ok := seen[v]; ok {
			return first, k, true
		}
		seen[v] = k
	}
	return 0, 0, false
}

// SortedMembers yields the members of m in name order, so generated
// decoders visit undescribed members deterministically.
func SortedMembers(m map[string]json.RawMessage) iter.Seq2[string, json.RawMessage] {
	return func(yield func(string, json.RawMessage) bool) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}
