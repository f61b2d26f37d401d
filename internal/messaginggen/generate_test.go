package messaginggen_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spgen/spgen/generated/messagingactions"
	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/messaginggen"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

func ptr[T any](v T) *T { return &v }

// TestGeneratedNamesAndTags checks the naming rules on the generated
// package: <Action>Request, Go initialisms, JSON tags with the original
// names, omitempty on optional fields.
func TestGeneratedNamesAndTags(t *testing.T) {
	typ := reflect.TypeFor[messagingactions.ConfirmCustomizationDetailsRequest]()
	want := map[string]string{"Attachments": "attachments", "RawMessageBody": "rawMessageBody"}
	for name, tag := range want {
		f, ok := typ.FieldByName(name)
		if !ok {
			t.Fatalf("no field %s", name)
		}
		if got := f.Tag.Get("json"); got != tag {
			t.Errorf("%s tag %q, want %q", name, got, tag)
		}
	}
	item := reflect.TypeFor[messagingactions.ConfirmCustomizationDetailsAttachment]()
	for name, tag := range map[string]string{"ID": "id,omitempty", "FileName": "fileName,omitempty"} {
		f, ok := item.FieldByName(name)
		if !ok {
			t.Fatalf("no field %s in the attachment item type", name)
		}
		if got := f.Tag.Get("json"); got != tag {
			t.Errorf("%s tag %q, want %q", name, got, tag)
		}
		if f.Type.Kind() != reflect.Pointer {
			t.Errorf("optional %s is %s, want a pointer", name, f.Type)
		}
	}
	req := messagingactions.ConfirmCustomizationDetailsRequest{
		RawMessageBody: "Please confirm the engraving.",
		Attachments:    []messagingactions.ConfirmCustomizationDetailsAttachment{{FileName: ptr("proof.png"), ID: ptr("sc/abc.png")}, {FileName: ptr("x.txt")}},
	}
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"attachments":[{"fileName":"proof.png","id":"sc/abc.png"},{"fileName":"x.txt"}],"rawMessageBody":"Please confirm the engraving."}`; got != want {
		t.Errorf("marshal:\n got %s\nwant %s", got, want)
	}
	// A nil required array is present and empty, not null.
	b, _ = json.Marshal(messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: "x"})
	if got, want := string(b), `{"attachments":[],"rawMessageBody":"x"}`; got != want {
		t.Errorf("marshal nil attachments: got %s, want %s", got, want)
	}
	var r actionschema.Request = &messagingactions.ConfirmOrderDetailsRequest{}
	if r.ActionName() != "confirmOrderDetails" {
		t.Errorf("ActionName = %q", r.ActionName())
	}
}

func violations(t *testing.T, err error) []actionschema.Violation {
	t.Helper()
	var ve *actionschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *actionschema.ValidationError, got %T %v", err, err)
	}
	return ve.Violations
}

// TestValidateReportsEveryViolation: all violations, with pointer and
// keyword, lengths counted in runes.
func TestValidateReportsEveryViolation(t *testing.T) {
	six := make([]messagingactions.ConfirmCustomizationDetailsAttachment, 6)
	req := messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: strings.Repeat("é", 801), Attachments: six}
	got := violations(t, req.Validate())
	if len(got) != 2 || got[0].Pointer != "/attachments" || got[0].Keyword != "maxItems" ||
		got[1].Pointer != "/rawMessageBody" || got[1].Keyword != "maxLength" {
		t.Fatalf("violations = %v", got)
	}
	// 800 two-byte runes are 1600 bytes but within maxLength 800.
	req = messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: strings.Repeat("é", 800), Attachments: six[:5]}
	if err := req.Validate(); err != nil {
		t.Fatalf("800 runes, 5 attachments: %v", err)
	}
	// Present but empty fails minLength (not required).
	got = violations(t, (&messagingactions.ConfirmOrderDetailsRequest{}).Validate())
	if len(got) != 1 || got[0].Keyword != "minLength" || got[0].Pointer != "/rawMessageBody" {
		t.Fatalf("empty body: %v", got)
	}
}

// TestUnmarshalReportsTypeAndRequired: decoding is exact-name, rejects
// null and wrong types, and reports missing required properties.
func TestUnmarshalReportsTypeAndRequired(t *testing.T) {
	var r messagingactions.ConfirmCustomizationDetailsRequest
	got := violations(t, json.Unmarshal([]byte(`{"RawMessageBody":"x","attachments":[{"id":7},null]}`), &r))
	want := []actionschema.Violation{
		{Pointer: "/attachments/0/id", Keyword: "type"},
		{Pointer: "/attachments/1", Keyword: "type"},
		{Pointer: "", Keyword: "required"},
	}
	if len(got) != len(want) {
		t.Fatalf("violations = %v", got)
	}
	for i := range want {
		if got[i].Pointer != want[i].Pointer || got[i].Keyword != want[i].Keyword {
			t.Errorf("violation %d = %v, want %s %s", i, got[i], want[i].Pointer, want[i].Keyword)
		}
	}
	if err := json.Unmarshal([]byte(`{"rawMessageBody":"hi","attachments":[]}`), &r); err != nil {
		t.Fatal(err)
	}
	if r.Attachments == nil || len(r.Attachments) != 0 || r.RawMessageBody != "hi" {
		t.Fatalf("decoded %+v", r)
	}
}

// TestEmbeddedSchema: each type carries its normalised schema, whose
// fingerprint is the one of the live schema in the fixture.
func TestEmbeddedSchema(t *testing.T) {
	srcs, err := messaginggen.Load(fixtureResponse)
	if err != nil {
		t.Fatal(err)
	}
	reqs := map[string]actionschema.Request{
		"confirmCustomizationDetails": &messagingactions.ConfirmCustomizationDetailsRequest{},
		"confirmOrderDetails":         &messagingactions.ConfirmOrderDetailsRequest{},
		"negativeFeedbackRemoval":     &messagingactions.NegativeFeedbackRemovalRequest{},
	}
	for _, s := range srcs {
		r := reqs[s.Action]
		live, err := actionschema.Fingerprint(s.Schema)
		if err != nil {
			t.Fatal(err)
		}
		if r.SchemaFingerprint() != live {
			t.Errorf("%s: fingerprint %s, live schema %s", s.Action, r.SchemaFingerprint(), live)
		}
		emb, err := actionschema.DecodeInstance(r.Schema())
		if err != nil {
			t.Fatal(err)
		}
		if fp, _ := actionschema.Fingerprint(emb); fp != live {
			t.Errorf("%s: embedded schema fingerprint %s, want %s", s.Action, fp, live)
		}
		if strings.Contains(string(r.Schema()), "902-6786204-8179805") || strings.Contains(string(r.Schema()), `"required": []`) {
			t.Errorf("%s: embedded schema not normalised:\n%s", s.Action, r.Schema())
		}
	}
}

// TestBothResponseShapes: the schema directly at _embedded.schema (the
// documented real response) and under .payload (the model) give the same
// types.
func TestBothResponseShapes(t *testing.T) {
	data, err := os.ReadFile(fixtureResponse)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, a := range doc["_embedded"].(map[string]any)["actions"].([]any) {
		emb := a.(map[string]any)["_embedded"].(map[string]any)
		sch := emb["schema"].(map[string]any)
		links := sch["_links"]
		delete(sch, "_links")
		emb["schema"] = map[string]any{"_links": links, "payload": sch}
	}
	modelShape := filepath.Join(t.TempDir(), "getMessagingActionsForOrder.json")
	b, _ := json.MarshalIndent(doc, "", "  ")
	if err := os.WriteFile(modelShape, b, 0o644); err != nil {
		t.Fatal(err)
	}
	srcs, err := messaginggen.Load(modelShape)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 3 || !strings.HasSuffix(srcs[0].Pointer, "/_embedded/schema/payload") {
		t.Fatalf("sources = %+v", srcs)
	}
	a, err := messaginggen.Generate(messaginggen.Config{Inputs: []string{fixtureResponse}, Package: "p"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := messaginggen.Generate(messaginggen.Config{Inputs: []string{modelShape}, Package: "p"})
	if err != nil {
		t.Fatal(err)
	}
	// Only the comments naming the schema's location may differ.
	code := func(src []byte) string {
		var keep []string
		for _, l := range strings.Split(string(src), "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "//") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	for name := range a {
		if code(a[name]) != code(m[name]) {
			t.Errorf("%s differs between the two shapes", name)
		}
	}
}

// TestBareSchemaAndDuplicates: a bare schema file is one action named by
// its "name" (or the file); the same action twice with different schemas
// is an error naming both places.
func TestBareSchemaAndDuplicates(t *testing.T) {
	dir := t.TempDir()
	bare := filepath.Join(dir, "warranty.schema.json")
	os.WriteFile(bare, []byte(`{"type":"object","properties":{"coverageStartDate":{"type":"string","format":"date-time"}}}`), 0o644)
	files, err := messaginggen.Generate(messaginggen.Config{Inputs: []string{bare}, Package: "warranty"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files["warranty.go"]), "type WarrantyRequest struct") {
		t.Fatalf("bare schema: %s", files.Names())
	}
	other := filepath.Join(dir, "confirmOrderDetails.json")
	os.WriteFile(other, []byte(`{"type":"object","name":"confirmOrderDetails","properties":{"rawMessageBody":{"type":"string","maxLength":10}}}`), 0o644)
	_, err = messaginggen.Generate(messaginggen.Config{Inputs: []string{fixtureResponse, other}, Package: "p"})
	var de *diag.Error
	if !errors.As(err, &de) || de.File != other || !strings.Contains(de.Msg, "different schema") {
		t.Fatalf("conflicting duplicate: %v", err)
	}
	// The same schema twice is fine.
	if _, err := messaginggen.Generate(messaginggen.Config{Inputs: []string{fixtureResponse, fixtureResponse}, Package: "p"}); err != nil {
		t.Fatalf("identical duplicate: %v", err)
	}
}

// TestBadInput: every bad input is a *diag.Error with the file and a
// location (line:column and/or JSON pointer).
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	schemaIn := func(props string) string {
		return `{"_embedded":{"actions":[{"name":"a","_embedded":{"schema":{"type":"object","properties":` + props + `}}}]}}`
	}
	malformed := filepath.Join("..", "..", "..", "shared", "fixtures", "messaging", "getMessagingActionsForOrder.malformed.txt")
	cases := []struct {
		name, file string
		ptr        string
		line, col  int
		msg        string
	}{
		{"malformed fixture", malformed, "", 1, 492, "not valid JSON"},
		{"unknown type", write("t.json", schemaIn("{\n  \"x\": {\"type\": \"strin\"}\n}")),
			"/_embedded/actions/0/_embedded/schema/properties/x/type", 2, 17, `unknown type "strin"`},
		{"combinator", write("c.json", schemaIn(`{"x":{"type":"string","anyOf":[{"minLength":1}]}}`)),
			"/_embedded/actions/0/_embedded/schema/properties/x/anyOf", 1, 120, `keyword "anyOf" is not supported`},
		{"bad pattern", write("p.json", schemaIn(`{"x":{"type":"string","pattern":"(?<=a)b"}}`)),
			"/_embedded/actions/0/_embedded/schema/properties/x/pattern", 1, 122, "pattern"},
		{"negative minLength", write("m.json", schemaIn(`{"x":{"type":"string","minLength":-1}}`)),
			"/_embedded/actions/0/_embedded/schema/properties/x/minLength", 1, 124, "non-negative"},
		{"root not object", write("r.json", `{"_embedded":{"actions":[{"name":"a","_embedded":{"schema":{"type":"string"}}}]}}`),
			"/_embedded/actions/0/_embedded/schema/type", 1, 68, `"type": "object"`},
		{"no schema", write("n.json", `{"_embedded":{"actions":[{"name":"a"}]}}`),
			"/_embedded/actions/0/_embedded", 1, 26, "no embedded schema"},
		{"not json", write("e.txt", "{\n\"a\": tru\n}"), "", 2, 9, "not valid JSON"},
		{"empty", write("empty.json", ""), "", 0, 0, "empty file"},
		{"bad tag name", write("g.json", schemaIn(`{"a,b":{"type":"string"}}`)),
			"/_embedded/actions/0/_embedded/schema/properties/a,b", 0, 0, "encoding/json tag"},
		{"other draft", write("d.json", `{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"x":{"const":1}}}`),
			"/$schema", 1, 12, "only draft-04"},
		{"required not array", write("q.json", `{"_embedded":{"actions":[{"name":"a","_embedded":{"schema":{"type":"object","required":"x"}}}]}}`),
			"/_embedded/actions/0/_embedded/schema/required", 1, 88, "required must be an array"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := messaginggen.Generate(messaginggen.Config{Inputs: []string{c.file}, Package: "p"})
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("want *diag.Error, got %T %v", err, err)
			}
			if de.File != c.file || de.Pointer != c.ptr || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %q (pointer %q), want file %s pointer %q containing %q", err, de.Pointer, c.file, c.ptr, c.msg)
			}
			if c.line != 0 && (de.Line != c.line || de.Column != c.col) {
				t.Errorf("position %d:%d, want %d:%d (%v)", de.Line, de.Column, c.line, c.col, err)
			}
		})
	}
}

// TestValidateFile is the library side of "gen messaging validate".
func TestValidateFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(good, []byte(`{"rawMessageBody":"Hi","attachments":[{"fileName":"a.pdf","id":"x"}]}`), 0o644)
	os.WriteFile(bad, []byte(`{"rawMessageBody":"","attachments":[1,2,3,4,5,6]}`), 0o644)
	if err := messaginggen.ValidateFile(fixtureResponse, "confirmCustomizationDetails", good); err != nil {
		t.Fatalf("good: %v", err)
	}
	got := violations(t, messaginggen.ValidateFile(fixtureResponse, "confirmCustomizationDetails", bad))
	has := map[string]bool{}
	for _, v := range got {
		has[v.Pointer+" "+v.Keyword] = true
	}
	for _, w := range []string{"/rawMessageBody minLength", "/attachments maxItems", "/attachments/0 type", "/attachments/5 type"} {
		if !has[w] {
			t.Errorf("missing %s in %v", w, got)
		}
	}
	var de *diag.Error
	if err := messaginggen.ValidateFile(fixtureResponse, "noSuchAction", good); !errors.As(err, &de) || !strings.Contains(err.Error(), "confirmOrderDetails") {
		t.Errorf("unknown action: %v", err)
	}
}
