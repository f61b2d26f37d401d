package actionschema

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Compiled is an action schema, normalised and compiled by
// github.com/santhosh-tekuri/jsonschema/v5 as draft-04 (the draft Amazon
// declares). It validates JSON instances by interpreting the schema at run
// time: the send workflow uses it for the live schema of an order, gen
// messaging's "validate" command and the differential tests use it as the
// reference the generated Validate methods must agree with.
type Compiled struct {
	// Action is the action name the schema belongs to.
	Action string
	// Fingerprint identifies the normalised schema (see [Fingerprint]).
	Fingerprint string
	// Normalized is the schema after [Normalize].
	Normalized any
	// Fixes lists what normalisation changed.
	Fixes []Fix

	schema *jsonschema.Schema
}

// Compile normalises schema and compiles it. A schema that still fails the
// draft-04 meta-schema, or uses a pattern Go's regexp cannot compile, is an
// error that names the schema location.
func Compile(action string, schema any) (*Compiled, error) {
	norm, fixes := Normalize(schema)
	canon, err := Canonical(norm)
	if err != nil {
		return nil, fmt.Errorf("action %s: schema: %w", action, err)
	}
	sum := sha256.Sum256(canon)
	c := &Compiled{
		Action:      action,
		Fingerprint: "sha256:" + hex.EncodeToString(sum[:]),
		Normalized:  norm,
		Fixes:       fixes,
	}
	s, err := compileCanonical("urn:spgen:messaging:action:"+action, canon, jsonschema.Draft4, "draft-04")
	if err != nil {
		return nil, fmt.Errorf("action %s: schema %w", action, err)
	}
	c.schema = s
	return c, nil
}

// compileCanonical compiles the canonical schema canon at url as draft
// (named draftName in errors: "does not compile as draft-04: ...").
func compileCanonical(url string, canon []byte, draft *jsonschema.Draft, draftName string) (*jsonschema.Schema, error) {
	comp := jsonschema.NewCompiler()
	comp.Draft = draft
	if err := comp.AddResource(url, bytes.NewReader(canon)); err != nil {
		return nil, fmt.Errorf("does not compile as %s: %w", draftName, err)
	}
	s, err := compileSafely(comp, url)
	if err != nil {
		return nil, fmt.Errorf("does not compile as %s: %w", draftName, err)
	}
	return s, nil
}

// compileSafely turns the panics jsonschema/v5 raises for some malformed
// schemas (it type-asserts keyword values after meta-schema validation) into
// errors.
func compileSafely(comp *jsonschema.Compiler, url string) (s *jsonschema.Schema, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("malformed schema: %v", r)
		}
	}()
	return comp.Compile(url)
}

// Validate checks instance, a JSON value decoded with [DecodeInstance], and
// returns nil or a *ValidationError with one violation per failed keyword.
func (c *Compiled) Validate(instance any) error {
	err := c.schema.Validate(instance)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("action %s: %w", c.Action, err)
	}
	out := &ValidationError{Action: c.Action}
	collectLeaves(ve, &out.Violations)
	return out
}

// ValidateJSON decodes data as one JSON value and validates it.
func (c *Compiled) ValidateJSON(data []byte) error {
	v, err := DecodeInstance(data)
	if err != nil {
		return err
	}
	return c.Validate(v)
}

func collectLeaves(ve *jsonschema.ValidationError, out *[]Violation) {
	if len(ve.Causes) == 0 {
		*out = append(*out, Violation{
			Pointer: ve.InstanceLocation,
			Keyword: lastKeyword(ve.KeywordLocation),
			Message: ve.Message,
		})
		return
	}
	for _, c := range ve.Causes {
		collectLeaves(c, out)
	}
}

// lastKeyword returns the keyword a keyword location ends in:
// "/properties/rawMessageBody/maxLength" → "maxLength".
func lastKeyword(loc string) string {
	tok := loc
	if i := strings.LastIndexByte(loc, '/'); i >= 0 {
		tok = loc[i+1:]
	}
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// DecodeInstance decodes data as exactly one JSON value, keeping numbers
// exact (json.Number), as jsonschema/v5 expects.
func DecodeInstance(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("invalid data after top-level value at offset %d", dec.InputOffset())
	}
	return v, nil
}

// Cache compiles each distinct schema once, keyed by its fingerprint. It is
// safe for concurrent use; the zero value is ready to use.
type Cache struct {
	mu sync.Mutex
	m  map[string]*Compiled
}

// Compile returns the compiled form of schema, compiling it only when no
// schema with the same fingerprint has been compiled before. hit reports a
// cache hit.
func (c *Cache) Compile(action string, schema any) (compiled *Compiled, hit bool, err error) {
	fp, err := Fingerprint(schema)
	if err != nil {
		return nil, false, fmt.Errorf("action %s: schema: %w", action, err)
	}
	key := action + "\x00" + fp
	c.mu.Lock()
	if got, ok := c.m[key]; ok {
		c.mu.Unlock()
		return got, true, nil
	}
	c.mu.Unlock()
	compiled, err = Compile(action, schema)
	if err != nil {
		return nil, false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*Compiled{}
	}
	if got, ok := c.m[key]; ok {
		return got, true, nil
	}
	c.m[key] = compiled
	return compiled, false, nil
}

// Len returns the number of compiled schemas held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}
