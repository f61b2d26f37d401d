package reportdocs

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
)

// Array streams the elements of the array at the member path of the JSON
// object in r (e.g. "salesAndTrafficByAsin"), decoding each into a new T
// with T's UnmarshalJSON (the generated, strict one for generated types).
// Members before and after it are skipped token by token, never held
// whole. A missing member yields nothing; a member that is not an array,
// or malformed JSON, yields one error and stops. Each element is a fresh
// value the caller may keep.
func Array[T any](r io.Reader, path ...string) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		dec := json.NewDecoder(r)
		dec.UseNumber()
		found, err := descend(dec, path)
		if err != nil {
			yield(nil, err)
			return
		}
		if !found {
			return
		}
		for i := 0; dec.More(); i++ {
			v := new(T)
			if err := dec.Decode(v); err != nil {
				yield(nil, &ElementError{Path: path, Index: i, Err: err})
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if _, err := dec.Token(); err != nil {
			yield(nil, fmt.Errorf("reportdocs: end of array: %w", err))
		}
	}
}

// ElementError is an element of the streamed array that did not decode.
type ElementError struct {
	// Path is the member path of the array; Index the element's position.
	Path  []string
	Index int
	Err   error
}

func (e *ElementError) Error() string {
	return fmt.Sprintf("reportdocs: %v[%d]: %v", e.Path, e.Index, e.Err)
}

func (e *ElementError) Unwrap() error { return e.Err }

// descend reads tokens until the opening bracket of the array at path.
func descend(dec *json.Decoder, path []string) (bool, error) {
	if len(path) == 0 {
		return false, errors.New("reportdocs: empty member path")
	}
	for depth, name := range path {
		tok, err := dec.Token()
		if err != nil {
			return false, fmt.Errorf("reportdocs: %w", err)
		}
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			return false, fmt.Errorf("reportdocs: %v is not an object", path[:depth])
		}
		found := false
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return false, fmt.Errorf("reportdocs: %w", err)
			}
			if key == name {
				found = true
				break
			}
			if err := skip(dec); err != nil {
				return false, err
			}
		}
		if !found {
			return false, nil
		}
	}
	tok, err := dec.Token()
	if err != nil {
		return false, fmt.Errorf("reportdocs: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return false, fmt.Errorf("reportdocs: %v is not an array", path)
	}
	return true, nil
}

// skip reads one whole value token by token.
func skip(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("reportdocs: %w", err)
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}
