package mwsxml

import (
	"bytes"
	"encoding"
	"encoding/xml"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	xsdrt "github.com/spgen/spgen/mwsxml/xsdrt"
)

// fastWriter is implemented by every generated struct type.
type fastWriter interface {
	XSDWrite(w *xsdrt.Writer, space, local string)
}

// reachableTypes returns every generated struct type reachable from
// AmazonEnvelope through its fields.
func reachableTypes() []reflect.Type {
	pkg := reflect.TypeOf(AmazonEnvelope{}).PkgPath()
	seen := map[reflect.Type]bool{}
	var out []reflect.Type
	queue := []reflect.Type{reflect.TypeOf(AmazonEnvelope{})}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() != pkg || seen[t] {
			continue
		}
		seen[t] = true
		if reflect.PointerTo(t).Implements(reflect.TypeOf((*fastWriter)(nil)).Elem()) {
			out = append(out, t)
		}
		for i := 0; i < t.NumField(); i++ {
			queue = append(queue, t.Field(i).Type)
		}
	}
	return out
}

var textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()

// populate fills every field of v with a value that exercises escaping,
// number formatting and fractionDigits padding; nested structs are filled
// down to maxDepth.
func populate(v reflect.Value, depth int) {
	const maxDepth = 2
	switch v.Kind() {
	case reflect.String:
		if v.Type().Implements(textMarshaler) {
			v.SetString("12.5") // a decimal type padded by MarshalText
			return
		}
		if v.Type() == reflect.TypeOf(Decimal("")) {
			v.SetString("-0.75")
			return
		}
		v.SetString(`a<b&c>"d'e` + "\tf\ng\rh ü")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(-7)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.25e-7)
	case reflect.Pointer:
		if depth > maxDepth && v.Type().Elem().Kind() == reflect.Struct && v.Type().Elem() != reflect.TypeOf(DateTime{}) {
			return
		}
		p := reflect.New(v.Type().Elem())
		populate(p.Elem(), depth)
		v.Set(p)
	case reflect.Slice:
		switch v.Type() {
		case reflect.TypeOf([]byte(nil)):
			v.SetBytes([]byte("<raw a='1'>x &amp; y</raw>"))
			return
		case reflect.TypeOf([]xml.Attr(nil)):
			v.Set(reflect.ValueOf([]xml.Attr{{Name: xml.Name{Local: "extra"}, Value: "v<"}}))
			return
		}
		if depth > maxDepth && v.Type().Elem().Kind() == reflect.Struct {
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := 0; i < 2; i++ {
			populate(s.Index(i), depth)
		}
		v.Set(s)
	case reflect.Struct:
		switch v.Type() {
		case reflect.TypeOf(DateTime{}):
			v.Set(reflect.ValueOf(NewDateTime(time.Date(2024, 3, 5, 14, 30, 0, 0, time.FixedZone("", -8*3600)))))
			return
		case reflect.TypeOf(AnyElement{}):
			v.Set(reflect.ValueOf(AnyElement{XMLName: xml.Name{Local: "Extra"}, Attrs: []xml.Attr{{Name: xml.Name{Local: "k"}, Value: "v"}}, InnerXML: []byte("<i>1</i>")}))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() && f.Name != "XMLName" {
				populate(v.Field(i), depth+1)
			}
		}
	}
}

// elementName is the name encoding/xml gives a value of t at top level.
func elementName(t reflect.Type) (space, local string) {
	if f, ok := t.FieldByName("XMLName"); ok {
		if tag := f.Tag.Get("xml"); tag != "" {
			if sp, l, found := strings.Cut(tag, " "); found {
				return sp, l
			}
			return "", tag
		}
	}
	return "", t.Name()
}

// TestFastPathMatchesEncodingXML writes a fully populated value of every
// generated type reachable from AmazonEnvelope with the generated fast
// path and with encoding/xml, and requires identical bytes.
func TestFastPathMatchesEncodingXML(t *testing.T) {
	types := reachableTypes()
	if len(types) < 800 {
		t.Fatalf("only %d types reachable", len(types))
	}
	for _, typ := range types {
		v := reflect.New(typ)
		populate(v.Elem(), 0)
		std, err := xml.Marshal(v.Interface())
		if err != nil {
			t.Errorf("%s: xml.Marshal: %v", typ.Name(), err)
			continue
		}
		var w xsdrt.Writer
		space, local := elementName(typ)
		v.Interface().(fastWriter).XSDWrite(&w, space, local)
		if w.Err() != nil {
			t.Errorf("%s: %v", typ.Name(), w.Err())
			continue
		}
		if !bytes.Equal(w.Bytes(), std) {
			i := 0
			for i < len(std) && i < len(w.Bytes()) && std[i] == w.Bytes()[i] {
				i++
			}
			lo := max(0, i-80)
			t.Errorf("%s: fast path differs from encoding/xml at byte %d:\nfast: …%s\nstd:  …%s", typ.Name(), i,
				w.Bytes()[lo:min(len(w.Bytes()), i+80)], std[lo:min(len(std), i+80)])
		}
	}
}

// TestInvalidCharacters checks that the writer rejects what encoding/xml
// would silently replace with U+FFFD.
func TestInvalidCharacters(t *testing.T) {
	for _, bad := range []string{"bell\x07", "nul\x00", "\xff\xfe", "\uFFFE", "\xed\xa0\x80"} {
		m := Message{OrderFulfillment: &OrderFulfillment{
			MerchantOrderID: Ptr(String(bad)),
			FulfillmentDate: NewDateTime(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
		}}
		var out bytes.Buffer
		w, err := NewEnvelopeWriter(&out, sampleHead())
		if err != nil {
			t.Fatal(err)
		}
		// Validation off: the characters are caught while writing.
		w.validate = false
		_, err = w.Write(&m)
		var ice *InvalidCharError
		if !errors.As(err, &ice) {
			t.Errorf("%q: Write = %v, want *InvalidCharError", bad, err)
			continue
		}
		if ice.Element != "Message/OrderFulfillment/MerchantOrderID" {
			t.Errorf("%q: error names %q", bad, ice.Element)
		}
		if strings.Contains(out.String(), "MerchantOrderID") {
			t.Errorf("%q: part of the message was written", bad)
		}
		if ice.Rune != utf8.RuneError && utf8.ValidString(bad) && !strings.ContainsRune(bad, ice.Rune) {
			t.Errorf("%q: error names rune %U", bad, ice.Rune)
		}
	}
	// Fine characters pass: tab, newline, non-ASCII, astral plane.
	var out bytes.Buffer
	w, err := NewEnvelopeWriter(&out, sampleHead())
	if err != nil {
		t.Fatal(err)
	}
	m := Message{OrderFulfillment: &OrderFulfillment{
		MerchantOrderID: Ptr(String("ok\tü😀")),
		FulfillmentDate: NewDateTime(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
	}}
	if _, err := w.Write(&m); err != nil {
		t.Fatal(err)
	}
}

// sampleHead is an envelope head for OrderFulfillment feeds.
func sampleHead() *AmazonEnvelope {
	return &AmazonEnvelope{
		Header:      &Header{DocumentVersion: "1.01", MerchantIdentifier: "A1EXAMPLE2SELLER"},
		MessageType: AmazonEnvelopeMessageTypeOrderFulfillment,
	}
}
