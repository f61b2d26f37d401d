// Package reportdocs decodes Selling Partner API report documents as
// streams. JSON reports (the 22 schemas under models/schemas/reports, types
// in generated/schemas/reports/...) are read with encoding/json's token API
// down to their large arrays, which are then decoded one element at a time
// into the generated element type ([Array]), so memory stays bounded by
// one element whatever the document's size.
//
// It reads only the io.Reader it is given.
package reportdocs
