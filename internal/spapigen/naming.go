package spapigen

import (
	"fmt"
	"regexp"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/spgen/spgen/internal/spapimodel"
)

// An openAPIFix repairs the converted OpenAPI 3 document.
type openAPIFix struct {
	name string
	fix  func(doc *openapi3.T, r *spapimodel.Report)
}

var openAPIFixes = []openAPIFix{
	// An inline schema (typically a property's enum: Transaction.status)
	// gets the Go type name <Parent><Property>, which collides with a
	// component of that name (TransactionStatus in five models,
	// PackageStatus in externalFulfillmentShipments). The inline type is
	// renamed <Parent><Property>Value.
	{"inline-type-names", inlineTypeNames},
	// Nearly every SP-API response declares the same headers
	// (x-amzn-RequestId, x-amzn-RateLimit-Limit), and oapi-codegen makes a
	// struct per status for them: 3,350 of 7,380 types. The typed client's
	// ResponseMetadata (and *spapi.Error) carry every response header and
	// the request ID, so the declarations are dropped before generation.
	// The sandbox validates against the front end's document, which keeps
	// them.
	{"response-headers", dropResponseHeaders},
	// Optional lists and maps are values, not pointers (402 *[]T fields):
	// nil is absent (omitzero keeps an empty one received), and users range
	// over them with no nil check.
	// oapi-codegen's PreferSkipOptionalPointerOnContainerTypes covers inline
	// containers only; this marks every container property, named ($ref)
	// ones included, with x-go-type-skip-optional-pointer.
	{"containers-as-values", containersAsValues},
	// A list parameter whose items are an enum (getOrders' OrderStatuses)
	// becomes []string, losing the enum. The item schema becomes a named
	// component, <Operation>Params<Parameter>Item, so the parameter is a
	// list of the enum type with its constants.
	{"parameter-enums", parameterEnums},
	// Many date-times have no format: their description says ISO 8601
	// (getOrders' CreatedAfter, Order.PurchaseDate). The rule, in one place:
	// a string with no format or enum whose description names ISO 8601 and
	// is not a time of day without a date is a spapi.DateTime (which keeps
	// whatever text it receives). gen spapi -v lists each match.
	{"iso8601-strings", iso8601Strings},
	// Amazon adds response members before its models say so (isErrored,
	// carrierScac, packageIdentifier, compressionAlgorithm); decoded into
	// the model's types they vanished. Every object type gets an Extra
	// field that keeps them (and sends them back).
	{"extra-members", extraMembers},
}

var (
	iso8601     = regexp.MustCompile(`(?i)\bISO[ -]?8601\b`)
	notDateTime = regexp.MustCompile(`(?i)without date|\bHH:mm\b|duration|\bperiod\b`)
)

// dateTimeByWords reports whether s, described by desc, is a date-time by
// its words.
func dateTimeByWords(s *openapi3.Schema, desc string) bool {
	return s != nil && s.Type.Is("string") && s.Format == "" && len(s.Enum) == 0 && s.Extensions["x-go-type"] == nil &&
		iso8601.MatchString(desc) && !notDateTime.MatchString(desc)
}

func iso8601Strings(doc *openapi3.T, r *spapimodel.Report) {
	mark := func(where string, s *openapi3.Schema, desc string) {
		if !dateTimeByWords(s, desc) {
			return
		}
		if s.Extensions == nil {
			s.Extensions = map[string]any{}
		}
		s.Extensions["x-go-type"] = "spapi.DateTime"
		r.Notef("iso8601-strings: %s is a spapi.DateTime (its description says ISO 8601)", where)
	}
	if doc.Components != nil {
		for _, name := range spapimodel.SortedKeys(doc.Components.Schemas) {
			ref := doc.Components.Schemas[name]
			if ref == nil || ref.Value == nil {
				continue
			}
			mark(name, ref.Value, ref.Value.Description)
			for _, prop := range spapimodel.SortedKeys(ref.Value.Properties) {
				if p := ref.Value.Properties[prop]; p != nil && p.Ref == "" {
					mark(name+"."+prop, p.Value, p.Value.Description)
				}
			}
		}
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		ops := doc.Paths.Value(path).Operations()
		for _, method := range spapimodel.SortedKeys(ops) {
			for _, p := range ops[method].Parameters {
				if p != nil && p.Value != nil && p.Value.Schema != nil && p.Value.Schema.Ref == "" && p.Value.Schema.Value != nil {
					// A parameter's words are its own description, or its schema's.
					desc := p.Value.Description
					if d := p.Value.Schema.Value.Description; d != "" {
						desc = d
					}
					mark(ops[method].OperationID+" parameter "+p.Value.Name, p.Value.Schema.Value, desc)
				}
			}
		}
	}
}

func parameterEnums(doc *openapi3.T, r *spapimodel.Report) {
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	if doc.Components.Schemas == nil {
		doc.Components.Schemas = openapi3.Schemas{}
	}
	taken := map[string]bool{}
	for name := range doc.Components.Schemas {
		taken[codegen.SchemaNameToTypeName(name)] = true
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		ops := doc.Paths.Value(path).Operations()
		for _, method := range spapimodel.SortedKeys(ops) {
			op := ops[method]
			for _, p := range op.Parameters {
				if p == nil || p.Value == nil || p.Value.Schema == nil || p.Value.Schema.Value == nil {
					continue
				}
				s := p.Value.Schema.Value
				if !s.Type.Is("array") || s.Items == nil || s.Items.Ref != "" || s.Items.Value == nil || len(s.Items.Value.Enum) == 0 {
					continue
				}
				name := codegen.SchemaNameToTypeName(op.OperationID) + "Params" + codegen.SchemaNameToTypeName(p.Value.Name) + "Item"
				for i := 2; taken[name]; i++ {
					name = fmt.Sprintf("%sParams%sItem%d", codegen.SchemaNameToTypeName(op.OperationID), codegen.SchemaNameToTypeName(p.Value.Name), i)
				}
				taken[name] = true
				doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: s.Items.Value}
				s.Items = &openapi3.SchemaRef{Ref: "#/components/schemas/" + name, Value: s.Items.Value}
				r.Notef("parameter-enums: %s parameter %s is a list of %s", op.OperationID, p.Value.Name, name)
			}
		}
	}
}

const extSkipOptionalPointer = "x-go-type-skip-optional-pointer"

// isContainer reports whether s is a list or a map (an object with only
// additionalProperties, or a free-form object: oapi-codegen's
// map[string]interface{}).
func isContainer(s *openapi3.Schema) bool {
	if s == nil || s.Extensions["x-go-type"] != nil {
		return false // a Go type of its own (spapi.EmbeddedSchema)
	}
	closed := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
	freeForm := len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) == 0 && !closed // map[string]interface{}
	return s.Type.Is("array") || (s.Type.Is("object") && len(s.Properties) == 0 && (s.AdditionalProperties.Schema != nil || freeForm))
}

func containersAsValues(doc *openapi3.T, r *spapimodel.Report) {
	marked := 0
	eachSchema(doc, func(s *openapi3.Schema) {
		for _, p := range s.Properties {
			if p == nil || !isContainer(p.Value) {
				continue
			}
			ext := &p.Value.Extensions
			if p.Ref != "" {
				ext = &p.Extensions
			}
			if *ext == nil {
				*ext = map[string]any{}
			}
			// omitzero, not omitempty: an empty list received is
			// encoded again (only nil, absent, is left out).
			(*ext)[extSkipOptionalPointer] = true
			(*ext)["x-omitempty"] = false
			(*ext)["x-omitzero"] = true
			marked++
		}
	})
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p == nil || p.Value == nil || p.Value.Schema == nil || !isContainer(p.Value.Schema.Value) {
					continue
				}
				if p.Value.Schema.Extensions == nil {
					p.Value.Schema.Extensions = map[string]any{}
				}
				p.Value.Schema.Extensions[extSkipOptionalPointer] = true
				if p.Value.Schema.Value.Extensions == nil {
					p.Value.Schema.Value.Extensions = map[string]any{}
				}
				p.Value.Schema.Value.Extensions[extSkipOptionalPointer] = true
				marked++
			}
		}
	}
	if marked > 0 {
		r.Notef("containers-as-values: %d list and map properties are values, not pointers", marked)
	}
}

func dropResponseHeaders(doc *openapi3.T, r *spapimodel.Report) {
	dropped := 0
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				if resp.Value != nil && len(resp.Value.Headers) > 0 {
					dropped += len(resp.Value.Headers)
					resp.Value.Headers = nil
				}
			}
		}
	}
	if doc.Components != nil {
		for _, resp := range doc.Components.Responses {
			if resp.Value != nil && len(resp.Value.Headers) > 0 {
				dropped += len(resp.Value.Headers)
				resp.Value.Headers = nil
			}
		}
	}
	if dropped > 0 {
		r.Notef("response-headers: %d response header declarations left to ResponseMetadata", dropped)
	}
}

func inlineTypeNames(doc *openapi3.T, r *spapimodel.Report) {
	if doc.Components == nil {
		return
	}
	components := map[string]bool{}
	for name := range doc.Components.Schemas {
		components[codegen.SchemaNameToTypeName(name)] = true
	}
	for _, name := range spapimodel.SortedKeys(doc.Components.Schemas) {
		ref := doc.Components.Schemas[name]
		if ref.Value == nil {
			continue
		}
		parent := codegen.SchemaNameToTypeName(name)
		for _, prop := range spapimodel.SortedKeys(ref.Value.Properties) {
			p := ref.Value.Properties[prop]
			if p.Ref != "" || p.Value == nil || !needsOwnType(p.Value) {
				continue
			}
			candidate := parent + codegen.ToCamelCase(prop)
			if !components[candidate] {
				continue
			}
			renamed := candidate + "Value"
			for i := 2; components[renamed]; i++ {
				renamed = fmt.Sprintf("%sValue%d", candidate, i)
			}
			if p.Value.Extensions == nil {
				p.Value.Extensions = map[string]any{}
			}
			p.Value.Extensions["x-go-type-name"] = renamed
			components[renamed] = true
			r.Notef("inline type of %s.%s would be named %s like a schema of the model; named it %s", name, prop, candidate, renamed)
		}
	}
}

// needsOwnType reports whether oapi-codegen declares a named type for an
// inline property schema.
func needsOwnType(s *openapi3.Schema) bool {
	return len(s.Enum) > 0 || (s.Type.Is("object") && len(s.Properties) > 0) || len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0
}
