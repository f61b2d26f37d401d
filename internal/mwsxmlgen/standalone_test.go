package mwsxmlgen

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/tempmod"
)

// newerRelease copies Amazon's schemas into dir as a newer release would
// change them: OrderFulfillment's Item gains TransparencyCode (repeated, as
// in Amazon's later OrderFulfillment.xsd) and CarrierCode a new value.
func newerRelease(t *testing.T, dir string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(xsdDir, "*.xsd"))
	if err != nil || len(paths) < 90 {
		t.Fatalf("schemas under %s: %d (%v)", xsdDir, len(paths), err)
	}
	for _, p := range paths {
		copyFile(t, p, filepath.Join(dir, filepath.Base(p)))
	}
	patch := func(name, old, new string) {
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s: %q not found", name, old)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	patch("OrderFulfillment.xsd",
		`<xsd:element name="Quantity" type="xsd:positiveInteger" minOccurs="0"/>`,
		`<xsd:element name="Quantity" type="xsd:positiveInteger" minOccurs="0"/>
                            <xsd:element name="TransparencyCode" type="String" minOccurs="0" maxOccurs="unbounded"/>`)
	patch("amzn-base.xsd", `<xsd:enumeration value="USPS"/>`, `<xsd:enumeration value="USPS"/>
				<xsd:enumeration value="Amazon Shipping 2026"/>`)
}

// fulfillmentFeed uses both changes of the newer release.
const fulfillmentFeed = `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>A1EXAMPLE2SELLER</MerchantIdentifier></Header>
  <MessageType>OrderFulfillment</MessageType>
  <Message>
    <MessageID>1</MessageID>
    <OrderFulfillment>
      <AmazonOrderID>112-3456789-0123456</AmazonOrderID>
      <FulfillmentDate>2026-12-02T01:00:00-08:00</FulfillmentDate>
      <FulfillmentData>
        <CarrierCode>Amazon Shipping 2026</CarrierCode>
        <ShipperTrackingNumber>TBA123456789000</ShipperTrackingNumber>
      </FulfillmentData>
      <Item>
        <AmazonOrderItemCode>12345678901234</AmazonOrderItemCode>
        <Quantity>2</Quantity>
        <TransparencyCode>AZ:4Q7V2MZ9CWE3XKPRT1B6YHD8NA</TransparencyCode>
        <TransparencyCode>AZ:9KD2PL7QX1VWM3RT8CBY5HN4ZE</TransparencyCode>
      </Item>
    </OrderFulfillment>
  </Message>
</AmazonEnvelope>
`

// roundTripProgram reads a feed with the package generated from the newer
// release, validates it, checks the new element arrived typed, and writes
// it back with the reflection-free writer and with encoding/xml.
const roundTripProgram = `package main

import (
	"encoding/xml"
	"fmt"
	"os"

	amzn "example.com/newer/ENVPKG"
	base "example.com/newer/BASEPKG"
	"github.com/spgen/spgen/mwsxml/xsdrt"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var env amzn.AmazonEnvelope
	if err := xml.Unmarshal(data, &env); err != nil {
		panic(err)
	}
	if err := env.Validate(); err != nil {
		fmt.Fprintln(os.Stderr, "Validate:", err)
		os.Exit(1)
	}
	codes := env.Message[0].OrderFulfillment.Item[0].TransparencyCode
	if len(codes) != 2 || codes[1] != "AZ:9KD2PL7QX1VWM3RT8CBY5HN4ZE" {
		fmt.Fprintln(os.Stderr, "TransparencyCode not read:", codes)
		os.Exit(1)
	}
	// A value the older release did not allow is rejected by it, but not here.
	if err := base.CarrierCode("Amazon Shipping 2026").Validate(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := base.CarrierCode("Pigeon").Validate(); err == nil {
		fmt.Fprintln(os.Stderr, "an unknown carrier validates")
		os.Exit(1)
	}
	var w xsdrt.Writer
	env.XSDWrite(&w, "", "AmazonEnvelope")
	if w.Err() != nil {
		panic(w.Err())
	}
	if err := os.WriteFile(os.Args[2], append([]byte(xml.Header), w.Bytes()...), 0o644); err != nil {
		panic(err)
	}
	std, err := xml.Marshal(&env)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(os.Args[3], append([]byte(xml.Header), std...), 0o644); err != nil {
		panic(err)
	}
}
`

// TestNewerReleaseStandalone is the acceptance test of generated code
// that stands alone: a changed copy of the schemas is generated into a
// temporary module, in both layouts (one package; a package per message
// type), which hold nothing but generated files and import only the
// runtime package; a program per layout reads a fulfillment feed using the
// new element and enumeration value, and writes it back; xmllint validates
// input and outputs against the changed schemas and their canonical XML
// must be equal. Every package of the split layout passes go vet.
func TestNewerReleaseStandalone(t *testing.T) {
	lint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatalf("xmllint (Debian package libxml2-utils) is required: %v", err)
	}
	schemas := t.TempDir()
	newerRelease(t, schemas)
	files, _, err := Generate(schemas)
	if err != nil {
		t.Fatal(err)
	}
	mod := tempmod.New(t, "example.com/newer")
	split, _, err := GenerateSplit(schemas, "example.com/newer/split")
	if err != nil {
		t.Fatal(err)
	}
	writeBothLayouts(t, mod, "amzn", files, split, roundTripProgram)
	work := t.TempDir()
	in := filepath.Join(work, "in.xml")
	if err := os.WriteFile(in, []byte(fulfillmentFeed), 0o644); err != nil {
		t.Fatal(err)
	}
	var outputs []string
	for _, name := range []string{"single", "split"} {
		fast, std := filepath.Join(work, name+"-fast.xml"), filepath.Join(work, name+"-std.xml")
		tempmod.Go(t, mod, "run", "./cmd/"+name, in, fast, std)
		outputs = append(outputs, fast, std)
	}
	tempmod.Go(t, mod, "vet", "./split/...")

	run := func(args ...string) (string, error) {
		var out, stderr bytes.Buffer
		cmd := exec.Command(lint, args...)
		cmd.Stdout, cmd.Stderr = &out, &stderr
		err := cmd.Run()
		return out.String() + stderr.String(), err
	}
	for _, f := range append([]string{in}, outputs...) {
		if out, err := run("--noout", "--schema", filepath.Join(schemas, "amzn-envelope.xsd"), f); err != nil {
			t.Errorf("%s does not validate against the newer release: %v\n%s", filepath.Base(f), err, out)
		}
	}
	// The committed release does not know the new element: the oracle can tell.
	if _, err := run("--noout", "--schema", filepath.Join(xsdDir, "amzn-envelope.xsd"), in); err == nil {
		t.Error("the feed validates against the older schemas too, so the test proves nothing")
	}
	c14n := func(f string) string {
		out, err := run("--noblanks", "--c14n", f)
		if err != nil {
			t.Fatalf("c14n %s: %v\n%s", f, err, out)
		}
		return out
	}
	noXSI := filepath.Join(work, "in-noxsi.xml")
	xsi := ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd"`
	if err := os.WriteFile(noXSI, []byte(strings.Replace(fulfillmentFeed, xsi, "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	want := c14n(noXSI)
	for _, f := range outputs {
		if got := c14n(f); got != want {
			t.Errorf("%s differs from the input:\n got: %s\nwant: %s", filepath.Base(f), got, want)
		}
	}
}

// writeBothLayouts writes the single layout into mod/singleDir, the split
// layout into mod/split, and prog as cmd/single and cmd/split with ENVPKG
// and BASEPKG naming, for each layout, the package of the envelope (and
// OrderFulfillment) and the package of the amzn-base types.
func writeBothLayouts(tb testing.TB, mod, singleDir string, single, split emit.Files, prog string) {
	tb.Helper()
	if err := Write(filepath.Join(mod, singleDir), single); err != nil {
		tb.Fatal(err)
	}
	if err := WriteSplit(filepath.Join(mod, "split"), split); err != nil {
		tb.Fatal(err)
	}
	for name, pkgs := range map[string][2]string{"single": {singleDir, singleDir}, "split": {"split/orderfulfillment", "split/" + BasePackage}} {
		src := strings.NewReplacer("ENVPKG", pkgs[0], "BASEPKG", pkgs[1]).Replace(prog)
		tempmod.WriteFile(tb, filepath.Join(mod, "cmd", name, "main.go"), []byte(src))
	}
}

// TestNoHandWrittenNames type-checks the generated files of package
// mwsxml alone, without the package's hand-written files: every identifier
// they use must be declared by generated code, predeclared, or an exported
// name of an imported package (the runtime xsdrt, the standard library).
func TestNoHandWrittenNames(t *testing.T) {
	files, _ := generated(t)
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range files.Names() {
		f, err := parser.ParseFile(fset, name, files[name], parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("example.com/standalone/mwsxml", fset, parsed, info)
	if err != nil {
		t.Fatalf("generated files do not type-check on their own: %v", err)
	}
	imported := map[string]bool{}
	for id, obj := range info.Uses {
		switch {
		case obj.Pkg() == nil, obj.Pkg() == pkg:
		case !obj.Exported():
			t.Errorf("%s: %s refers to the unexported %s.%s", fset.Position(id.Pos()), id.Name, obj.Pkg().Path(), obj.Name())
		default:
			imported[obj.Pkg().Path()] = true
		}
	}
	if !imported[RuntimePath] {
		t.Errorf("generated code does not use the runtime package %s", RuntimePath)
	}
	for p := range imported {
		if strings.Contains(p, ".") && p != RuntimePath {
			t.Errorf("generated code imports %s; only the runtime and the standard library are expected", p)
		}
	}
}

// TestGeneratorNamesNoHelpers scans the emitter's source: identifiers it
// emits as bare strings (jen.Id("…")) are generated names or local
// variables, never a helper of the runtime spelled by hand; those go
// through rt (jen.Qual).
func TestGeneratorNamesNoHelpers(t *testing.T) {
	locals := map[string]bool{"x": true, "v": true, "w": true, "f": true, "s": true, "c": true, "b": true, "i": true, "space": true, "local": true}
	re := regexp.MustCompile(`\.Id\("([A-Za-z_][A-Za-z0-9_]*)"\)`)
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			name := m[1]
			if locals[name] {
				continue
			}
			// Names of generated methods and fields the generated code
			// declares itself.
			switch name {
			case "Validate", "XSDCheck", "XSDValidate", "XSDWrite", "MarshalText", "UnmarshalText", "XMLName",
				"Space", "Local": // and the fields of encoding/xml.Name
				continue
			}
			t.Errorf("%s emits the bare identifier %q; runtime names must be referred to with rt (jen.Qual)", p, name)
		}
	}
}
