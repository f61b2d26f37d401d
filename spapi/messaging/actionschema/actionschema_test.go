package actionschema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

var fixture = filepath.Join("..", "..", "..", "..", "shared", "fixtures", "messaging", "getMessagingActionsForOrder.json")

func fixtureActions(t *testing.T) []actionschema.Action {
	t.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := actionschema.ParseActionsResponse(data)
	if err != nil {
		t.Fatal(err)
	}
	return acts
}

func decode(t *testing.T, s string) any {
	t.Helper()
	v, err := actionschema.DecodeInstance([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := actionschema.Canonical(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestHALLinksPass: "_links" goes from the root only; a property called
// "_links" stays.
func TestHALLinksPass(t *testing.T) {
	in := decode(t, `{"_links":{"self":{"href":"/x"}},"type":"object","properties":{"_links":{"type":"string"}}}`)
	before := encode(t, in)
	out, fixes := actionschema.Normalize(in)
	if got, want := encode(t, out), `{"properties":{"_links":{"type":"string"}},"type":"object"}`; got != want {
		t.Errorf("normalised %s, want %s", got, want)
	}
	if len(fixes) != 1 || fixes[0].Pass != "hal-links" || fixes[0].Pointer != "/_links" {
		t.Errorf("fixes = %v", fixes)
	}
	if encode(t, in) != before {
		t.Error("Normalize modified its input")
	}
}

// TestEmptyRequiredPass: every "required": [] goes, wherever it is; a
// non-empty one stays.
func TestEmptyRequiredPass(t *testing.T) {
	in := decode(t, `{"type":"object","required":[],"properties":{"a":{"type":"array","items":{"type":"object","required":[]}},"b":{"type":"object","required":["c"]}}}`)
	out, fixes := actionschema.Normalize(in)
	want := `{"properties":{"a":{"items":{"type":"object"},"type":"array"},"b":{"required":["c"],"type":"object"}},"type":"object"}`
	if got := encode(t, out); got != want {
		t.Errorf("normalised %s\nwant %s", got, want)
	}
	if fmt.Sprint(fixes) != "[empty-required at /properties/a/items/required empty-required at /required]" {
		t.Errorf("fixes = %v", fixes)
	}
	if _, again := actionschema.Normalize(out); len(again) != 0 {
		t.Errorf("second normalisation fixed %v", again)
	}
}

// TestFixtureNeedsNormalising: the documented schemas really fail a strict
// draft-04 compiler, and compile after normalisation; no constraint is
// lost (the normalised schema rejects what the original means to reject).
func TestFixtureNeedsNormalising(t *testing.T) {
	failed := 0
	for _, a := range fixtureActions(t) {
		raw, _ := json.Marshal(a.Schema)
		c := jsonschema.NewCompiler()
		c.Draft = jsonschema.Draft4
		if err := c.AddResource("raw.json", bytes.NewReader(raw)); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Compile("raw.json"); err != nil {
			failed++
		}
		comp, err := actionschema.Compile(a.Name, a.Schema)
		if err != nil {
			t.Fatalf("%s after normalisation: %v", a.Name, err)
		}
		if a.Name != "negativeFeedbackRemoval" {
			if err := comp.ValidateJSON([]byte(`{}`)); err == nil {
				t.Errorf("%s: normalised schema accepts a request without its required properties", a.Name)
			}
		}
	}
	if failed != 2 {
		t.Errorf("%d of the fixture's schemas fail a strict compile, want 2", failed)
	}
}

// TestFingerprint: independent of layout, member order and the order's
// links; sensitive to constraints.
func TestFingerprint(t *testing.T) {
	a, _ := actionschema.Fingerprint(decode(t, `{"type":"object","_links":{"self":{"href":"/orders/1"}},"properties":{"x":{"type":"string","maxLength":5}}}`))
	b, _ := actionschema.Fingerprint(decode(t, `{ "properties": {"x": {"maxLength": 5, "type": "string"}}, "_links": {"self": {"href": "/orders/2"}}, "type": "object", "required": [] }`))
	c, _ := actionschema.Fingerprint(decode(t, `{"type":"object","properties":{"x":{"type":"string","maxLength":4}}}`))
	if a != b || a == c || !strings.HasPrefix(a, "sha256:") {
		t.Errorf("fingerprints %s %s %s", a, b, c)
	}
}

func TestPathString(t *testing.T) {
	var root actionschema.Path
	k := root.Key("a/b~c")
	i := k.Index(12)
	k2 := i.Key("")
	for _, c := range []struct {
		p    *actionschema.Path
		want string
	}{{&root, ""}, {&k, "/a~1b~0c"}, {&i, "/a~1b~0c/12"}, {&k2, "/a~1b~0c/12/"}} {
		if got := c.p.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

func TestParseActionsResponse(t *testing.T) {
	acts := fixtureActions(t)
	var got []string
	for _, a := range acts {
		got = append(got, a.Name+"|"+a.Title+"|"+a.Pointer)
	}
	want := []string{
		"confirmCustomizationDetails|Confirm customization details|/_embedded/actions/0/_embedded/schema",
		"negativeFeedbackRemoval|Request to update negative feedback|/_embedded/actions/1/_embedded/schema",
		"confirmOrderDetails|Confirm order details|/_embedded/actions/2/_embedded/schema",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("actions:\n%s", strings.Join(got, "\n"))
	}
	if !strings.HasPrefix(acts[0].Href, "/messaging/v1/orders/902-6786204-8179805/messages/confirmCustomizationDetails") {
		t.Errorf("href %q", acts[0].Href)
	}
	var de *actionschema.DocError
	_, err := actionschema.ParseActionsResponse([]byte(`{"errors":[{"code":"InvalidInput","message":"bad order"}]}`))
	if !errors.As(err, &de) || de.Pointer != "/errors" || !strings.Contains(err.Error(), "InvalidInput: bad order") {
		t.Errorf("error response: %v", err)
	}
	_, err = actionschema.ParseActionsResponse([]byte(`{"_embedded":{"actions":[1,]}}`))
	if !errors.As(err, &de) || de.Offset != 28 {
		t.Errorf("malformed: %v", err)
	}
	_, err = actionschema.ParseActionsResponse([]byte(`{"_embedded":{"actions":[{"name":"a","_embedded":{"schema":{"type":"object"}}},{"name":"a","_embedded":{"schema":{"type":"object"}}}]}}`))
	if !errors.As(err, &de) || de.Pointer != "/_embedded/actions/1" {
		t.Errorf("duplicate: %v", err)
	}
}

func TestDecodeHelpers(t *testing.T) {
	var root actionschema.Path
	var vs actionschema.Violations
	for lit, want := range map[string]int64{"2": 2, "2.0": 2, "1e2": 100, "-0": 0, "9223372036854775807": 1<<63 - 1} {
		if n, ok := actionschema.DecodeInteger([]byte(lit), &root, &vs); !ok || n != want {
			t.Errorf("DecodeInteger(%s) = %d, %v", lit, n, ok)
		}
	}
	for _, lit := range []string{"2.5", "1e30", `"2"`, "null"} {
		if _, ok := actionschema.DecodeInteger([]byte(lit), &root, &vs); ok {
			t.Errorf("DecodeInteger(%s) accepted", lit)
		}
	}
	if s, ok := actionschema.DecodeString([]byte(`"a\u00e9\n"`), &root, &vs); !ok || s != "aé\n" {
		t.Errorf("escaped string: %q", s)
	}
	if s, ok := actionschema.DecodeString([]byte("\"a\xffb\""), &root, &vs); !ok || s != "a\uFFFDb" {
		t.Errorf("invalid UTF-8: %q", s)
	}
	if _, ok := actionschema.DecodeNumber([]byte("1e400"), &root, &vs); ok {
		t.Error("DecodeNumber(1e400) accepted")
	}
	err := vs.Err("x")
	var ve *actionschema.ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) != 5 {
		t.Fatalf("violations: %v", err)
	}
	for _, v := range ve.Violations {
		if v.Keyword != "type" || v.Pointer != "" {
			t.Errorf("violation %v", v)
		}
	}
}

// TestCacheConcurrent: concurrent compiles of one schema share the result.
func TestCacheConcurrent(t *testing.T) {
	acts := fixtureActions(t)
	var cache actionschema.Cache
	var wg sync.WaitGroup
	got := make([]*actionschema.Compiled, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _, err := cache.Compile(acts[0].Name, acts[0].Schema)
			if err != nil {
				t.Error(err)
			}
			got[i] = c
		}()
	}
	wg.Wait()
	for _, c := range got {
		if c != got[0] {
			t.Fatal("cache returned different compiled schemas")
		}
	}
	if _, hit, _ := cache.Compile(acts[0].Name, acts[0].Schema); !hit || cache.Len() != 1 {
		t.Errorf("hit %v, len %d", hit, cache.Len())
	}
}

// A live schema checks a request given as JSON.
func ExampleCompile() {
	schema, _ := actionschema.DecodeInstance([]byte(`{
		"type": "object", "required": ["rawMessageBody"],
		"properties": {"rawMessageBody": {"type": "string", "minLength": 1, "maxLength": 20}}}`))
	c, err := actionschema.Compile("confirmOrderDetails", schema)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = c.ValidateJSON([]byte(`{"rawMessageBody": "This message is far too long"}`))
	var ve *actionschema.ValidationError
	if errors.As(err, &ve) {
		for _, v := range ve.Violations {
			fmt.Println(v.Pointer, v.Keyword)
		}
	}
	// Output: /rawMessageBody maxLength
}
