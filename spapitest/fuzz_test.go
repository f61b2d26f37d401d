package spapitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/diag"
)

// FuzzCases puts arbitrary bytes where a model's static cases go: loading
// must either succeed or fail with a *diag.Error, never panic.
func FuzzCases(f *testing.F) {
	model, err := os.ReadFile("testdata/things.json")
	if err != nil {
		f.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(model, &doc); err != nil {
		f.Fatal(err)
	}
	resp := doc["paths"].(map[string]any)["/things/{id}"].(map[string]any)["get"].(map[string]any)["responses"].(map[string]any)["200"].(map[string]any)
	resp["x-amzn-api-sandbox"] = map[string]any{"static": "__CASES__"}
	tmpl, _ := json.Marshal(doc)
	for _, seed := range []string{
		`[{"request":{"parameters":{"id":{"value":"t1"}}},"response":{"name":"one"}}]`,
		`[{"request":{"parameters":{"id":{}}}}]`,
		`[{"request":{"parameters":{"body":{"value":{}}}}}]`,
		`[{"responseHeaders":{"x":{"value":1}}}]`,
		`[1, "x", null]`,
		`{}`,
		`[{"request":[]}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, cases []byte) {
		data := bytes.Replace(tmpl, []byte(`"__CASES__"`), cases, 1)
		m, err := loadModel("fuzz.json", data, nil)
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.File != "fuzz.json" {
				t.Fatalf("error %v is not a *diag.Error for fuzz.json", err)
			}
			return
		}
		for _, c := range m.Cases() {
			if c.ID() == "" || c.op == nil {
				t.Fatalf("case without identity: %+v", c)
			}
		}
	})
}

// FuzzServe sends arbitrary paths, queries and bodies: the sandbox answers
// every one with a status and, for its own errors, a JSON error body.
func FuzzServe(f *testing.F) {
	s, err := New(Models("testdata/things.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("GET", "/things/t1", "", "")
	f.Add("POST", "/up/a/b", "x=1", `{"a":[1,2]}`)
	f.Add("PUT", "/_sandbox/uploads/x", "", "data")
	f.Add("POST", "/auth/o2/token", "", "grant_type=refresh_token")
	f.Add("GET", "/things/%zz", "a=%", "{")
	f.Add("POST", RestrictedDataTokenPath, "", `{"restrictedResources":[{"method":"GET","path":"/orders/v0/orders","dataElements":["buyerInfo"]}]}`)
	f.Add("POST", RestrictedDataTokenPath, "", `{"restrictedResources":[{"method":1,"path":[]}],"targetApplication":{}}`)
	f.Fuzz(func(t *testing.T, method, path, query, body string) { serveOnce(t, s, method, path, query, body) })
}

// FuzzServeMessaging sends arbitrary requests to the messaging responders
// (actions with their schemas, messages with attachments, offered actions
// the model lacks) and the upload destinations.
func FuzzServeMessaging(f *testing.F) {
	s, err := New(Models("../../shared/models/spapi"), Only("messaging.json", "uploads_2020-11-01.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("GET", "/messaging/v1/orders/114-0000000-0000042", "marketplaceIds=ATVPDKIKX0DER", "")
	f.Add("POST", "/messaging/v1/orders/114-0000000-0000042/messages/confirmCustomizationDetails", "marketplaceIds=ATVPDKIKX0DER",
		`{"text":"x","attachments":[{"uploadDestinationId":"sandbox-upload-1","fileName":"a.txt"}]}`)
	f.Add("POST", "/messaging/v1/orders/114-0000000-0000042/messages/negativeFeedbackRemoval", "marketplaceIds=A", `[]`)
	f.Add("POST", "/uploads/2020-11-01/uploadDestinations/messaging/v1/orders/1/messages/confirmOrderDetails", "marketplaceIds=A&contentMD5=1B2M2Y8AsgTpgAmY7PhCfg%3D%3D", "")
	f.Add("PUT", "/_sandbox/uploads/sandbox-upload-1", "X-Amz-Signature=abc", "")
	f.Fuzz(func(t *testing.T, method, path, query, body string) { serveOnce(t, s, method, path, query, body) })
}

// serveOnce sends one request: the sandbox must answer with a status and,
// for its own errors, a JSON body.
func serveOnce(t *testing.T, s *Server, method, path, query, body string) {
	if !validMethod(method) || !strings.HasPrefix(path, "/") {
		return
	}
	u := &url.URL{Scheme: "http", Host: "sandbox.test", Path: path, RawQuery: query}
	req, err := http.NewRequest(method, u.String(), strings.NewReader(body))
	if err != nil {
		return
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code < 100 || rec.Code > 599 {
		t.Fatalf("status %d", rec.Code)
	}
	if rec.Header().Get(CaseHeader) == "" && strings.Contains(rec.Header().Get("Content-Type"), "json") && !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("invalid JSON error body %q", rec.Body.String())
	}
}

func validMethod(m string) bool {
	switch m {
	case "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD":
		return true
	}
	return false
}
