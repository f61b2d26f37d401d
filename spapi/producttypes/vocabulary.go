package producttypes

import (
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/message"
)

// The identifiers of Amazon's meta-schema and its vocabulary. They are
// names, not addresses: the meta-schema is supplied locally.
const (
	MetaSchemaURI = "https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1"
	VocabularyURI = "https://schemas.amazon.com/selling-partners/definitions/product-types/vocabulary/v1"
)

// metaSchema is Amazon's meta-schema as its documentation describes it:
// draft 2019-09's vocabularies plus Amazon's, with the syntax of Amazon's
// keywords.
const metaSchema = `{
  "$schema": "https://json-schema.org/draft/2019-09/schema",
  "$id": "` + MetaSchemaURI + `",
  "$vocabulary": {
    "https://json-schema.org/draft/2019-09/vocab/core": true,
    "https://json-schema.org/draft/2019-09/vocab/applicator": true,
    "https://json-schema.org/draft/2019-09/vocab/validation": true,
    "https://json-schema.org/draft/2019-09/vocab/meta-data": true,
    "https://json-schema.org/draft/2019-09/vocab/format": false,
    "https://json-schema.org/draft/2019-09/vocab/content": true,
    "` + VocabularyURI + `": true
  },
  "$recursiveAnchor": true,
  "allOf": [{"$ref": "https://json-schema.org/draft/2019-09/schema"}],
  "properties": {
    "editable": {"type": "boolean"},
    "hidden": {"type": "boolean"},
    "enumNames": {"type": "array", "items": {"type": "string"}},
    "selectors": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
    "maxUniqueItems": {"type": "integer", "minimum": 0},
    "maxUtf8ByteLength": {"type": "integer", "minimum": 0},
    "minUtf8ByteLength": {"type": "integer", "minimum": 0}
  }
}`

// vocabularySchema checks the syntax of Amazon's keywords in a schema.
const vocabularySchema = `{
  "properties": {
    "editable": {"type": "boolean"},
    "hidden": {"type": "boolean"},
    "enumNames": {"type": "array", "items": {"type": "string"}},
    "selectors": {"type": "array", "items": {"type": "string"}},
    "maxUniqueItems": {"type": "integer", "minimum": 0},
    "maxUtf8ByteLength": {"type": "integer", "minimum": 0},
    "minUtf8ByteLength": {"type": "integer", "minimum": 0}
  }
}`

// vocabulary returns Amazon's vocabulary for a jsonschema/v6 compiler.
func vocabulary() (*jsonschema.Vocabulary, error) {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(vocabularySchema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	url := VocabularyURI + "/keywords.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, err
	}
	return &jsonschema.Vocabulary{URL: VocabularyURI, Schema: sch, Compile: compileKeywords}, nil
}

// amazonKeywords is the compiled form of Amazon's validating keywords at
// one schema position.
type amazonKeywords struct {
	selectors      []string
	maxUniqueItems int
	hasMaxUnique   bool
	maxBytes       int
	hasMaxBytes    bool
	minBytes       int
	hasMinBytes    bool
}

// intKeyword reads a non-negative integer keyword; present reports whether
// obj has it.
func intKeyword(obj map[string]any, kw string) (n int, present bool, err error) {
	v, ok := obj[kw]
	if !ok {
		return 0, false, nil
	}
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case interface{ Float64() (float64, error) }:
		if f, err = x.Float64(); err != nil {
			return 0, true, fmt.Errorf("%s: %v", kw, err)
		}
	default:
		return 0, true, fmt.Errorf("%s must be a non-negative integer, got %v", kw, v)
	}
	if f < 0 || f != float64(int(f)) {
		return 0, true, fmt.Errorf("%s must be a non-negative integer, got %v", kw, v)
	}
	return int(f), true, nil
}

// compileKeywords compiles Amazon's keywords of one schema object,
// checking their syntax (jsonschema/v6 checks a vocabulary's meta-schema
// at the root only).
func compileKeywords(_ *jsonschema.CompilerContext, obj map[string]any) (jsonschema.SchemaExt, error) {
	k := &amazonKeywords{}
	if v, ok := obj["selectors"]; ok {
		list, isList := v.([]any)
		if !isList {
			return nil, fmt.Errorf("selectors must be an array of member names, got %v", v)
		}
		for _, s := range list {
			str, isStr := s.(string)
			if !isStr {
				return nil, fmt.Errorf("selectors must be an array of member names, got %v", v)
			}
			k.selectors = append(k.selectors, str)
		}
	}
	var err error
	if k.maxUniqueItems, k.hasMaxUnique, err = intKeyword(obj, "maxUniqueItems"); err != nil {
		return nil, err
	}
	if k.maxBytes, k.hasMaxBytes, err = intKeyword(obj, "maxUtf8ByteLength"); err != nil {
		return nil, err
	}
	if k.minBytes, k.hasMinBytes, err = intKeyword(obj, "minUtf8ByteLength"); err != nil {
		return nil, err
	}
	if len(k.selectors) == 0 && !k.hasMaxUnique && !k.hasMaxBytes && !k.hasMinBytes {
		return nil, nil
	}
	return k, nil
}

// Validate enforces the keywords on v.
func (k *amazonKeywords) Validate(ctx *jsonschema.ValidatorContext, v any) {
	switch v := v.(type) {
	case string:
		n := len(v)
		if k.hasMaxBytes && n > k.maxBytes {
			ctx.AddError(&byteLength{kw: "maxUtf8ByteLength", limit: k.maxBytes, got: n})
		}
		if k.hasMinBytes && n < k.minBytes {
			ctx.AddError(&byteLength{kw: "minUtf8ByteLength", limit: k.minBytes, got: n})
		}
	case []any:
		// Items with equal selector members (equal items, without
		// selectors) form a group; maxUniqueItems bounds each group.
		if !k.hasMaxUnique {
			return
		}
		groups := map[string][]int{}
		var order []string
		for i, item := range v {
			key := k.selectorKey(item)
			if _, seen := groups[key]; !seen {
				order = append(order, key)
			}
			groups[key] = append(groups[key], i)
		}
		for _, key := range order {
			if g := groups[key]; len(g) > k.maxUniqueItems {
				ctx.AddError(&maxUnique{selectors: k.selectors, limit: k.maxUniqueItems, items: g})
			}
		}
	}
}

// selectorKey is the text of an item's selector members (of the whole
// item without selectors); fmt prints maps sorted by key, so equal decoded
// values give equal keys.
func (k *amazonKeywords) selectorKey(item any) string {
	if len(k.selectors) == 0 {
		return fmt.Sprintf("%#v", item)
	}
	obj, _ := item.(map[string]any)
	var b strings.Builder
	for _, s := range k.selectors {
		v, ok := obj[s]
		if !ok {
			b.WriteString("\x00absent")
		} else {
			fmt.Fprintf(&b, "%#v", v)
		}
		b.WriteByte('\x01')
	}
	return b.String()
}

type byteLength struct {
	kw         string
	limit, got int
}

func (e *byteLength) KeywordPath() []string { return []string{e.kw} }
func (e *byteLength) LocalizedString(p *message.Printer) string {
	op := "<="
	if e.kw == "minUtf8ByteLength" {
		op = ">="
	}
	return p.Sprintf("UTF-8 length must be %s %d bytes, but got %d", op, e.limit, e.got)
}

type maxUnique struct {
	selectors []string
	limit     int
	items     []int
}

func (e *maxUnique) KeywordPath() []string { return []string{"maxUniqueItems"} }
func (e *maxUnique) LocalizedString(p *message.Printer) string {
	by := "equal items"
	if len(e.selectors) > 0 {
		by = "items with the same " + strings.Join(e.selectors, " + ")
	}
	return p.Sprintf("at most %d %s allowed, but items %v share them", e.limit, by, e.items)
}
