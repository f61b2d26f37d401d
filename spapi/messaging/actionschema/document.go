package actionschema

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Document is implemented by every root type "gen schemas" generates from
// a draft-07 schema file (notification payloads, report documents, the
// listings feed), as a pointer.
type Document interface {
	// Validate checks every constraint of the schema and returns nil or a
	// *ValidationError.
	Validate() error
	// Schema returns the normalised schema the type was generated from.
	Schema() []byte
	// SchemaFingerprint returns the [Fingerprint] of that schema.
	SchemaFingerprint() string
}

// The passes of NormalizeDocument, in the order it runs them.
var DocumentPasses = []string{"implied-object-type", "single-tuple-items", "hash-ref-typo", "dangling-root-ref"}

// NormalizeDocument is Normalize for a draft-07 schema file: it fixes
// Amazon's quirks in those files and returns the fixes made.
//
//   - "dangling-root-ref": the root is only a "$ref" to a definition the
//     file does not have (ShipmentTrackingMilestoneChangedNotification.json:
//     "$ref": "#/definitions/Notification" with empty "definitions"). No
//     validator can compile it; it is replaced by {"type": "object"} and
//     every member is kept as an undescribed one.
//   - "hash-ref-typo": the root says "#ref" where it means "$ref"
//     (B2bAnyOfferChangedNotification.json: "#ref":
//     "#/definitions/NotificationResponse"). As written the schema is just
//     {"type": "object"} and describes nothing; the member becomes "$ref"
//     when the definition exists. This tightens the schema to what Amazon
//     documents.
//   - "implied-object-type": a schema with "properties" but no "type"
//     (B2bAnyOfferChangedNotification.json /definitions/ShippingTime) is
//     given "type": "object", which Amazon's documentation says it is. This
//     tightens it: a non-object value there was valid and no longer is.
//   - "single-tuple-items": an array schema written as a tuple of one,
//     "items": [X] with "additionalItems": true (B2bAnyOfferChanged and
//     PricingHealth notifications), means a list of X: Amazon's own examples
//     and documentation describe every element as X. It becomes "items": X.
//     This pass tightens the schema (later elements must match X too); the
//     reference validator is compiled from the normalised schema, so the
//     generated types and it still agree.
func NormalizeDocument(schema any) (any, []Fix) {
	out := clone(schema)
	var fixes []Fix
	WalkSchemas(out, func(ptr string, s map[string]any) {
		if _, typed := s["type"]; !typed && s["$ref"] == nil {
			if _, props := s["properties"]; props {
				s["type"] = "object"
				fixes = append(fixes, Fix{Pass: "implied-object-type", Pointer: ptr + "/type"})
			}
		}
		if list, ok := s["items"].([]any); ok && len(list) == 1 {
			if ai, isBool := s["additionalItems"].(bool); isBool && ai {
				s["items"] = list[0]
				delete(s, "additionalItems")
				fixes = append(fixes, Fix{Pass: "single-tuple-items", Pointer: ptr + "/items"})
			}
		}
	})
	root, ok := out.(map[string]any)
	if !ok {
		return out, fixes
	}
	if typo, isStr := root["#ref"].(string); isStr && root["$ref"] == nil && len(typo) > 2 && typo[:2] == "#/" && pointerExists(root, typo[1:]) {
		delete(root, "#ref")
		root["$ref"] = typo
		fixes = append(fixes, Fix{Pass: "hash-ref-typo", Pointer: "/#ref"})
	}
	if ref, isStr := root["$ref"].(string); isStr && len(ref) > 2 && ref[:2] == "#/" {
		if !pointerExists(root, ref[1:]) {
			delete(root, "$ref")
			if _, typed := root["type"]; !typed {
				root["type"] = "object"
			}
			fixes = append(fixes, Fix{Pass: "dangling-root-ref", Pointer: "/$ref"})
		}
	}
	return out, fixes
}

func pointerExists(doc any, ptr string) bool {
	cur := doc
	for _, tok := range splitPointer(ptr) {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[tok]; !ok {
			return false
		}
	}
	return true
}

func splitPointer(ptr string) []string {
	var out []string
	for _, t := range bytes.Split([]byte(ptr[1:]), []byte("/")) {
		s := string(bytes.ReplaceAll(bytes.ReplaceAll(t, []byte("~1"), []byte("/")), []byte("~0"), []byte("~")))
		out = append(out, s)
	}
	return out
}

// CompileDocument compiles a schema that NormalizeDocument has normalised,
// as draft-07, with jsonschema/v5: the reference validator the generated
// types are tested against and the "jsonschema path" they are measured
// against.
func CompileDocument(name string, norm any) (*Compiled, error) {
	canon, err := Canonical(norm)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	sum := sha256.Sum256(canon)
	c := &Compiled{Action: name, Fingerprint: "sha256:" + hex.EncodeToString(sum[:]), Normalized: norm}
	s, err := compileCanonical("file:///spgen/schemas/"+name+".json", canon, jsonschema.Draft7, "draft-07")
	if err != nil {
		return nil, fmt.Errorf("schema %s %w", name, err)
	}
	c.schema = s
	return c, nil
}
