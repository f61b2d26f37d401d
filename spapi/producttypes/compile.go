package producttypes

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// Schema is one compiled product type schema.
type Schema struct {
	// ProductType and Version identify it.
	ProductType, Version string
	sch                  *jsonschema.Schema

	mu    sync.Mutex
	c     *jsonschema.Compiler
	url   string
	props map[string]*jsonschema.Schema
}

// Compile compiles a product type schema (Amazon's format: "$schema" is
// MetaSchemaURI) with Amazon's vocabulary enforced.
func Compile(productType, version string, data []byte) (*Schema, error) {
	return compile(productType, version, data, true)
}

// compile compiles with or without Amazon's vocabulary (without, its
// keywords are unknown and ignored, as by a plain validator).
func compile(productType, version string, data []byte, amazon bool) (*Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("producttypes: %s schema is not JSON: %w", productType, err)
	}
	if m, ok := doc.(map[string]any); ok && !amazon {
		m["$schema"] = "https://json-schema.org/draft/2019-09/schema"
	}
	meta, err := jsonschema.UnmarshalJSON(strings.NewReader(metaSchema))
	if err != nil {
		return nil, err
	}
	vocab, err := vocabulary()
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if amazon {
		c.RegisterVocabulary(vocab)
		c.AssertVocabs()
	}
	if err := c.AddResource(MetaSchemaURI, meta); err != nil {
		return nil, err
	}
	url := "https://schemas.amazon.com/selling-partners/definitions/product-types/schema/v1/" + productType + "/" + version
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("producttypes: %s schema: %w", productType, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("producttypes: %s schema does not compile: %w", productType, err)
	}
	return &Schema{ProductType: productType, Version: version, sch: sch, c: c, url: url, props: map[string]*jsonschema.Schema{}}, nil
}

// Validate checks attributes (the decoded JSON object of a listing's
// attributes, numbers as json.Number or float64) and returns nil or an
// *actionschema.ValidationError with each violation's JSON pointer
// relative to the attributes object.
func (s *Schema) Validate(attributes any) error {
	return s.violations(s.sch.Validate(attributes), "")
}

// violations turns a jsonschema/v6 result into nil or an
// *actionschema.ValidationError, each pointer prefixed with prefix.
func (s *Schema) violations(err error, prefix string) error {
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("producttypes: %s: %w", s.ProductType, err)
	}
	out := &actionschema.ValidationError{Action: s.ProductType}
	leaves(ve, &out.Violations)
	for i := range out.Violations {
		out.Violations[i].Pointer = prefix + out.Violations[i].Pointer
	}
	return out
}

// ValidateAttribute checks the value of one attribute (as a patch's "value"
// carries it) against the attribute's schema, with pointers relative to
// the attributes object ("/item_name/0/value"). An attribute the schema
// does not describe is not checked.
func (s *Schema) ValidateAttribute(name string, value any) error {
	s.mu.Lock()
	sch, ok := s.props[name]
	if !ok {
		var err error
		sch, err = s.c.Compile(s.url + "#/properties/" + strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1"))
		if err != nil {
			sch = nil // not described: nothing to check
		}
		s.props[name] = sch
	}
	s.mu.Unlock()
	if sch == nil {
		return nil
	}
	return s.violations(sch.Validate(value), pointer([]string{name}))
}

func leaves(ve *jsonschema.ValidationError, out *[]actionschema.Violation) {
	if len(ve.Causes) == 0 {
		kw := ""
		if path := ve.ErrorKind.KeywordPath(); len(path) > 0 {
			kw = path[len(path)-1]
		}
		*out = append(*out, actionschema.Violation{Pointer: pointer(ve.InstanceLocation), Keyword: kw, Message: ve.ErrorKind.LocalizedString(printer)})
		return
	}
	for _, c := range ve.Causes {
		leaves(c, out)
	}
}

var printer = message.NewPrinter(language.English)

func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return b.String()
}
