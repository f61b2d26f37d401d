package mwsxmlgen

import (
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// TestSplitLayout checks the split layout of Amazon's schemas: the
// fulfillment package imports only the base package, the runtime and the
// standard library (so a fulfillment program compiles nothing else); the
// product package keeps its typed category choice, whose alternatives in
// other packages declare the exported marker; two generations are equal.
func TestSplitLayout(t *testing.T) {
	files, _, err := GenerateSplit(xsdDir, "example.com/x/amzn")
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]bool{}
	fset := token.NewFileSet()
	for name, src := range files {
		if !strings.HasPrefix(name, "orderfulfillment/") {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			imports[p] = true
		}
	}
	if len(imports) == 0 {
		t.Fatal("no orderfulfillment package")
	}
	for p := range imports {
		if strings.Contains(p, ".") && p != RuntimePath && p != "example.com/x/amzn/"+BasePackage {
			t.Errorf("orderfulfillment imports %s", p)
		}
	}
	for name, want := range map[string]string{
		"product/product_gen.go":                          "func (x *ProductData) SetChoice(c ProductDataChoice)",
		"clothingaccessories/clothing_accessories_gen.go": "func (*ClothingAccessories) XSDIsProductDataChoice() {}",
		"orderfulfillment/amzn_envelope_gen.go":           "OrderFulfillment *OrderFulfillment",
		BasePackage + "/amzn_header_gen.go":               "type Header struct",
	} {
		if !strings.Contains(string(files[name]), want) {
			t.Errorf("%s lacks %q", name, want)
		}
	}
	if strings.Contains(string(files["orderfulfillment/amzn_envelope_gen.go"]), "*Inventory") {
		t.Error("the fulfillment envelope offers other message types")
	}
	again, _, err := GenerateSplit(xsdDir, "example.com/x/amzn")
	if err != nil {
		t.Fatal(err)
	}
	if ok, diff := equalFiles(files, again); !ok {
		t.Errorf("two split generations differ: %s", diff)
	}
}
