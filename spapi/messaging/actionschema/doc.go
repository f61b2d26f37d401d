// Package actionschema holds what the messaging action schemas need at run
// time, shared by the code gen messaging generates, the generator itself and
// the send workflow in package messaging:
//
//   - the error type of every schema check ([ValidationError] with its
//     [Violation]s, each a JSON pointer and a keyword), and the allocation-free
//     [Path] and [Violations] collector generated Validate methods use;
//   - the decoding helpers generated UnmarshalJSON methods use to report
//     "type" and "required" the way JSON Schema does ([DecodeString], ...);
//   - [Normalize], the one place where the quirks of Amazon's schemas are
//     fixed, and [Fingerprint], which identifies a normalised schema;
//   - [Compile] and [Cache]: a schema compiled by jsonschema/v5, used to
//     check a request against the live schema of an order;
//   - [ParseActionsResponse], which reads a getMessagingActionsForOrder
//     response in both shapes that occur.
//
// It does no I/O.
package actionschema

import "github.com/santhosh-tekuri/jsonschema/v5"

// Request is implemented by every request type gen messaging generates (as
// a pointer).
type Request interface {
	// ActionName returns the messaging action, e.g. "confirmOrderDetails".
	ActionName() string
	// Validate checks every constraint of the schema the type was generated
	// from and returns nil or a *ValidationError.
	Validate() error
	// Schema returns the normalised schema the type was generated from.
	Schema() []byte
	// SchemaFingerprint returns the [Fingerprint] of that schema.
	SchemaFingerprint() string
}

// KnownFormat reports whether name is a "format" that draft-04 validation
// asserts (jsonschema/v5 checks it); other formats are annotations only.
func KnownFormat(name string) bool {
	_, ok := jsonschema.Formats[name]
	return ok
}

// CheckFormat reports whether s is valid for the asserted format name, with
// the same checker jsonschema/v5 uses. Unknown formats accept everything.
func CheckFormat(name, s string) bool {
	f, ok := jsonschema.Formats[name]
	if !ok {
		return true
	}
	return f(s)
}
