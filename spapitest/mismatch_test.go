package spapitest_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/spgen/spgen/generated/definitionsproducttypes20200901"
	"github.com/spgen/spgen/generated/shipping"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// brokenShipment breaks the shipping model the ways Amazon's answers do:
// "5" and "1.5" where it says number, a number where it says string, and
// members it lacks at several depths and inside arrays.
const brokenShipment = `{"isErrored":false,"payload":{"shipmentId":"sh-1","clientReferenceId":"ref-1",
"shipFrom":{"name":"A","addressLine1":"1 Main St","city":"Seattle","stateOrRegion":"WA","postalCode":98101,"countryCode":"US","addressType":"COMMERCIAL"},
"shipTo":{"name":"B","addressLine1":"2 Elm St","city":"Austin","stateOrRegion":"TX","postalCode":"73301","countryCode":"US"},
"containers":[{"containerReferenceId":"c-1","carrierScac":"UPSN","value":{"value":"25.00","unit":"USD"},
"dimensions":{"length":10,"width":"8","height":4,"unit":"IN"},"weight":{"value":"5","unit":"lb"},
"items":[{"quantity":"2","title":"Mug","unitPrice":{"value":12.5,"unit":"USD"},"unitWeight":{"value":2.5,"unit":"lb"},"packageIdentifier":"P-7"},
{"quantity":1,"title":"Lid","unitPrice":{"value":0.5,"unit":"USD"},"unitWeight":{"value":"0.1","unit":"lb","precision":{"digits":1}}}]}]}}`

// brokenDefinition does the same to a product type definition, with
// members the model lacks inside a map's values.
const brokenDefinition = `{"productType":"LUGGAGE","displayName":"Luggage","locale":"en_US","marketplaceIds":["ATVPDKIKX0DER"],
"requirements":"LISTING","requirementsEnforced":"ENFORCED",
"productTypeVersion":{"version":20240101,"latest":"true","releaseCandidate":false},
"schema":{"checksum":"c0ffee","compressionAlgorithm":"GZIP","link":{"resource":"https://example.com/schema.json","verb":"GET","expiresIn":300}},
"propertyGroups":{"offer":{"title":"Offer","propertyNames":["price"],"displayOrder":2},"images":{"title":"Images","propertyNames":["main_image"]}}}`

// TestResponsesThatBreakTheModel: through the generated typed clients and
// the runtime, answers with wrong scalar kinds and members the model lacks
// (at several depths, in arrays and in maps) succeed; nothing is lost when
// the value is encoded again (members kept in Extra included), each
// mismatch is reported once, and a value sent back in a request carries
// the members it was received with.
func TestResponsesThatBreakTheModel(t *testing.T) {
	sb := spapitest.Start(t, spapitest.Models("../../shared/models/spapi"),
		spapitest.Only("shipping.json", "definitionsProductTypes_2020-09-01.json"),
		spapitest.Respond("getShipment", func(c *spapitest.Call) *spapitest.Reply {
			return &spapitest.Reply{Status: 200, Body: json.RawMessage(brokenShipment)}
		}),
		spapitest.Respond("createShipment", func(c *spapitest.Call) *spapitest.Reply {
			return &spapitest.Reply{Status: 200, Body: json.RawMessage(`{"payload":{"shipmentId":"sh-2","eligibleRates":[]}}`)}
		}),
		spapitest.Respond("getDefinitionsProductType", func(c *spapitest.Call) *spapitest.Reply {
			return &spapitest.Reply{Status: 200, Body: json.RawMessage(brokenDefinition)}
		}))
	rt, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		t.Fatal(err)
	}
	ship, _ := shipping.New(rt)
	defs, _ := definitionsproducttypes20200901.New(rt)
	ctx := t.Context()

	var md spapi.ResponseMetadata
	got, err := ship.GetShipment(ctx, "sh-1", spapi.WithMetadata(&md))
	if err != nil {
		t.Fatalf("the call failed: %v", err)
	}
	s := got.GetPayload()
	if s.ShipFrom.PostalCode != "98101" || s.Containers[0].Weight.Value != 5 || s.Containers[0].Items[0].Quantity != 2 ||
		s.Containers[0].Items[1].UnitWeight.Value != 0.1 || s.Containers[0].Value.Value != 25 {
		t.Errorf("converted values: %+v", s)
	}
	var scac string
	if ok, err := s.Containers[0].Extra.Get("carrierScac", &scac); !ok || err != nil || scac != "UPSN" {
		t.Errorf("carrierScac not kept: %v %v %q", ok, err, scac)
	}
	if string(s.Containers[0].Items[0].Extra["packageIdentifier"]) != `"P-7"` || string(got.Extra["isErrored"]) != "false" ||
		string(s.Containers[0].Items[1].UnitWeight.Extra["precision"]) != `{"digits":1}` {
		t.Errorf("members not kept: %+v %+v", got.Extra, s.Containers[0].Items)
	}
	wantOnce(t, md.Mismatches, map[string]bool{
		"payload.shipFrom.postalCode":               false,
		"payload.shipFrom.addressType":              true,
		"payload.containers.value.value":            false,
		"payload.containers.dimensions.width":       false,
		"payload.containers.weight.value":           false,
		"payload.containers.items.quantity":         false,
		"payload.containers.items.unitWeight.value": false,
		"isErrored":                                     true,
		"payload.containers.carrierScac":                true,
		"payload.containers.items.packageIdentifier":    true,
		"payload.containers.items.unitWeight.precision": true,
	})
	sameJSON(t, got, brokenShipment, map[string]string{
		`"postalCode":98101`: `"postalCode":"98101"`, `"value":"25.00"`: `"value":25.00`, `"width":"8"`: `"width":8`,
		`"value":"5"`: `"value":5`, `"quantity":"2"`: `"quantity":2`, `"value":"0.1"`: `"value":0.1`,
	})

	// Sent back, the values carry what they were received with.
	if _, err := ship.CreateShipment(ctx, shipping.CreateShipmentRequest{ClientReferenceID: "ref-2", ShipFrom: s.ShipFrom, ShipTo: s.ShipTo, Containers: s.Containers}); err != nil {
		t.Fatal(err)
	}
	ex := sb.Exchanges("createShipment")
	if len(ex) != 1 || !bytes.Contains(ex[0].Body, []byte(`"carrierScac":"UPSN"`)) || !bytes.Contains(ex[0].Body, []byte(`"packageIdentifier":"P-7"`)) ||
		!bytes.Contains(ex[0].Body, []byte(`"addressType":"COMMERCIAL"`)) || !bytes.Contains(ex[0].Body, []byte(`"precision":{"digits":1}`)) {
		t.Errorf("request body lost members: %s", ex[0].Body)
	}

	md = spapi.ResponseMetadata{}
	def, err := defs.GetDefinitionsProductType(ctx, "SPGEN_WIDGET", &definitionsproducttypes20200901.GetDefinitionsProductTypeParams{MarketplaceIds: []string{"A1PA6795UKMFR9"}}, spapi.WithMetadata(&md))
	if err != nil {
		t.Fatalf("the call failed: %v", err)
	}
	if def.ProductTypeVersion.Version != "20240101" || !def.ProductTypeVersion.Latest || string(def.PropertyGroups["offer"].Extra["displayOrder"]) != "2" ||
		string(def.Schema.Link.Extra["expiresIn"]) != "300" || string(def.Schema.Extra["compressionAlgorithm"]) != `"GZIP"` {
		t.Errorf("definition %+v", def)
	}
	wantOnce(t, md.Mismatches, map[string]bool{
		"productTypeVersion.version":  false,
		"productTypeVersion.latest":   false,
		"schema.compressionAlgorithm": true,
		"schema.link.expiresIn":       true,
		"propertyGroups.displayOrder": true,
	})
	sameJSON(t, def, brokenDefinition, map[string]string{`"version":20240101`: `"version":"20240101"`, `"latest":"true"`: `"latest":true`})
}

// wantOnce checks that found lists each path of want exactly once (a
// member the model lacks when want says so, else a converted scalar) and
// nothing else.
func wantOnce(t *testing.T, found []spapi.Mismatch, want map[string]bool) {
	t.Helper()
	seen := map[string]int{}
	for _, m := range found {
		seen[m.Path]++
		if member, ok := want[m.Path]; !ok || member != m.Member || (m.Member && !m.Kept) {
			t.Errorf("unexpected mismatch %s (%+v)", m, m)
		}
	}
	var paths []string
	for p := range want {
		if seen[p] != 1 {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	if len(paths) > 0 {
		t.Errorf("not reported exactly once: %v (reported: %v)", paths, found)
	}
}

// sameJSON checks that v encodes to body with the scalars the model types
// differently written as the model says (fixes: received → re-encoded).
func sameJSON(t *testing.T, v any, body string, fixes map[string]string) {
	t.Helper()
	want := body
	for from, to := range fixes {
		if !strings.Contains(want, from) {
			t.Fatalf("the body has no %s", from)
		}
		want = strings.ReplaceAll(want, from, to)
	}
	enc, err := spapi.EncodeJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	dec := func(s []byte, into *any) {
		d := json.NewDecoder(bytes.NewReader(s))
		d.UseNumber()
		if err := d.Decode(into); err != nil {
			t.Fatal(err)
		}
	}
	dec(enc, &a)
	dec([]byte(want), &b)
	if !reflect.DeepEqual(normalizeNumbers(a), normalizeNumbers(b)) {
		t.Errorf("re-encoded\n%s\nwant\n%s", enc, want)
	}
}

// normalizeNumbers compares numbers by value (25.00 and 25 are one).
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k := range x {
			x[k] = normalizeNumbers(x[k])
		}
	case []any:
		for i := range x {
			x[i] = normalizeNumbers(x[i])
		}
	case json.Number:
		f, _ := x.Float64()
		return f
	}
	return v
}
