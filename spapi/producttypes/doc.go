// Package producttypes checks listings attributes against their Amazon
// product type's JSON Schema before they are sent (putListingsItem,
// patchListingsItem, a JSON_LISTINGS_FEED message).
//
// The schema is fetched at run time: getDefinitionsProductType gives a link
// to download it; it is downloaded once per product type version (and
// marketplace and locale), compiled once with santhosh-tekuri/jsonschema/v6
// and cached, however many listings are validated and however many
// goroutines ask at once.
//
// Amazon's Product Type Definition meta-schema (draft 2019-09 plus the
// vocabulary https://schemas.amazon.com/selling-partners/definitions/product-types/vocabulary/v1)
// adds keywords a plain validator ignores. Enforced here as a jsonschema/v6
// vocabulary:
//
//   - selectors: on an array, the members (e.g. marketplace_id and
//     language_tag) whose values identify an item; items with equal
//     selector values are the same item for maxUniqueItems;
//   - maxUniqueItems: at most that many items per selector combination
//     (per equal value without selectors): item_name with maxUniqueItems 1
//     allows one name per marketplace and language;
//   - maxUtf8ByteLength / minUtf8ByteLength: a string's length in UTF-8
//     bytes.
//
// editable, hidden and enumNames are annotations (informational) and are
// accepted without effect. Violations carry the attribute's JSON pointer
// (e.g. "/item_name/1").
//
// The package makes HTTP requests only through the Source it is given and
// the HTTP client used for schema downloads.
package producttypes
