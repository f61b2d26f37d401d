// Package xsdrt is the runtime of Go code generated from XML Schemas by
// "gen mwsxml": the value types generated fields use (Decimal, DateTime,
// AnyElement), the facet and lexical checks and the Validator behind the
// generated Validate methods, and the Writer whose primitives the generated
// reflection-free XSDWrite methods call. Generated packages refer to it only
// through this exported API, so a package generated into any directory
// compiles on its own.
//
// It touches nothing outside memory: no files, no network, no global state
// beyond compiled regular expressions. It imports only the standard library.
package xsdrt
