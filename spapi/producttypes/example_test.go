package producttypes_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/spgen/spgen/spapi/producttypes"
)

// Compiling a product type schema in Amazon's format and checking
// attributes: item_name allows one name per marketplace and language
// (selectors + maxUniqueItems) of at most 40 UTF-8 bytes. A Validator does
// the same with schemas it fetches and caches.
func ExampleCompile() {
	data, _ := os.ReadFile("testdata/LUGGAGE.json")
	s, err := producttypes.Compile("LUGGAGE", "U8EYNKN5Z2S", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	attrs, _ := jsonschema.UnmarshalJSON(stringsReader(`{
	  "item_name": [{"value": "Suitcase", "language_tag": "en_US"}, {"value": "Koffer", "language_tag": "en_US"}],
	  "brand": [{"value": "Acme", "language_tag": "en_US"}]}`))
	fmt.Println(s.Validate(attrs))
	// Output:
	// LUGGAGE: 1 schema violation
	//	/item_name: maxUniqueItems: at most 1 items with the same marketplace_id + language_tag allowed, but items [0 1] share them
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
