package conformance

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spgen/spgen/spapitest"
)

// proxied serves sb through a handler that lets the test alter responses.
func proxied(t *testing.T, sb *spapitest.Server, alter func(status *int, h http.Header, body []byte) []byte) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, r)
		status := rec.Code
		body := alter(&status, rec.Header(), rec.Body.Bytes())
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

func findCase(t *testing.T, sb *spapitest.Server, id string) (*spapitest.Case, *client) {
	t.Helper()
	for _, m := range sb.Models() {
		for _, c := range m.Cases() {
			if c.ID() == id {
				for i := range clients {
					if clients[i].model == m.File {
						return c, &clients[i]
					}
				}
			}
		}
	}
	t.Fatalf("no case %q", id)
	return nil, nil
}

// TestReplayDetectsFaults alters the sandbox's answers and checks that the
// replay notices each fault.
func TestReplayDetectsFaults(t *testing.T) {
	sb := spapitest.Start(t, spapitest.Models(*modelsDir), spapitest.Only("messaging.json"))
	ok, cl := findCase(t, sb, "messaging.json GetAttributes 200 #0")
	bad, _ := findCase(t, sb, "messaging.json GetAttributes 400 #0")
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		c     *spapitest.Case
		alter func(status *int, h http.Header, body []byte) []byte
		want  string
	}{
		{"untouched", ok, func(_ *int, _ http.Header, b []byte) []byte { return b }, ""},
		{"untouched error", bad, func(_ *int, _ http.Header, b []byte) []byte { return b }, ""},
		{"renamed field", ok, func(_ *int, _ http.Header, b []byte) []byte {
			return bytes.Replace(b, []byte(`"locale"`), []byte(`"lang"`), 1)
		}, "buyer.lang: a member the model lacks"},
		{"changed value", ok, func(_ *int, _ http.Header, b []byte) []byte {
			return bytes.Replace(b, []byte(`en-US`), []byte(`de-DE`), 1)
		}, `$.buyer.locale is "de-DE", the case has "en-US"`},
		{"other case", ok, func(_ *int, h http.Header, b []byte) []byte {
			h.Set(spapitest.CaseHeader, "messaging.json GetAttributes 400 #0")
			return b
		}, `the sandbox answered case "messaging.json GetAttributes 400 #0" instead`},
		{"not from a case", ok, func(_ *int, h http.Header, b []byte) []byte {
			h.Del(spapitest.CaseHeader)
			return b
		}, "the sandbox rejected the request: HTTP 200"},
		{"status", ok, func(s *int, _ http.Header, b []byte) []byte { *s = 203; return b }, "status 203, want 200"},
		{"undecodable", ok, func(_ *int, _ http.Header, b []byte) []byte { return []byte(`{"buyer":"x"}`) }, "decoding the HTTP 200 response: json: cannot unmarshal"},
		{"wrong content type", ok, func(_ *int, h http.Header, b []byte) []byte {
			h.Set("Content-Type", "text/plain")
			return b
		}, `the body: Content-Type text/plain where the model says a JSON media type`},
		{"error codes", bad, func(_ *int, _ http.Header, b []byte) []byte {
			return bytes.Replace(b, []byte(`InvalidInput`), []byte(`Other`), 1)
		}, `spapi.Error carries the codes ["Other"], the case ["InvalidInput"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runCase(ctx, proxied(t, sb, tc.alter), http.DefaultTransport, cl, tc.c)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected failure: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestCovers(t *testing.T) {
	for _, tc := range []struct{ want, got, miss string }{
		{`{"a":1}`, `{"a":1.0,"b":2}`, ""},
		{`{"a":null}`, `{}`, ""},
		{`{"a":[1,2]}`, `{"a":[1]}`, "$.a has 1 elements, the case 2"},
		{`{"a":{"b":"x"}}`, `{"a":{}}`, "$.a.b is dropped"},
		{`{"a":"2020-05-25T13:00:00"}`, `{"a":"2020-05-25T13:00:00Z"}`, `$.a is "2020-05-25T13:00:00Z", the case has "2020-05-25T13:00:00"`},
		{`[{"a":true}]`, `[{"a":false}]`, "$[0].a is false, the case has true"},
		{`{"a":1}`, `[]`, "$ is an array of 0, the case has an object"},
	} {
		if got := covers("$", decode([]byte(tc.want)), decode([]byte(tc.got))); got != tc.miss {
			t.Errorf("covers(%s, %s) = %q, want %q", tc.want, tc.got, got, tc.miss)
		}
	}
}

func TestSampleIsSchemaValid(t *testing.T) {
	ptr := func(n uint64) *uint64 { return &n }
	f := func(v float64) *float64 { return &v }
	for name, s := range map[string]*openapi3.Schema{
		"pattern":      {Type: &openapi3.Types{"string"}, Pattern: `^[A-Z0-9_]*$`, MinLength: 3},
		"order id":     {Type: &openapi3.Types{"string"}, Pattern: `^\d{3}-\d{7}-\d{7}$`},
		"alternation":  {Type: &openapi3.Types{"string"}, Pattern: `^(ab|cd)+x?$`},
		"max length":   {Type: &openapi3.Types{"string"}, MaxLength: ptr(3)},
		"date-time":    {Type: &openapi3.Types{"string"}, Format: "date-time"},
		"enum":         {Type: &openapi3.Types{"string"}, Enum: []any{"B", "C"}},
		"bounded int":  {Type: &openapi3.Types{"integer"}, Min: f(5), Max: f(9)},
		"exclusive":    {Type: &openapi3.Types{"number"}, Min: f(0), ExclusiveMin: openapi3.ExclusiveBound{Bool: openapi3.Ptr(true)}},
		"array":        {Type: &openapi3.Types{"array"}, MinItems: 2, Items: openapi3.NewStringSchema().NewRef()},
		"object":       {Type: &openapi3.Types{"object"}, Required: []string{"a"}, Properties: openapi3.Schemas{"a": openapi3.NewIntegerSchema().NewRef(), "b": openapi3.NewStringSchema().NewRef()}},
		"object allOf": {AllOf: openapi3.SchemaRefs{{Value: &openapi3.Schema{Type: &openapi3.Types{"object"}, Required: []string{"x"}, Properties: openapi3.Schemas{"x": openapi3.NewBoolSchema().NewRef()}}}}},
	} {
		v, err := sample(s)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := s.VisitJSON(v); err != nil {
			t.Errorf("%s: %v is invalid: %v", name, v, err)
		}
	}
}
