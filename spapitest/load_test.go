package spapitest

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/diag"
)

func TestLoadRejectsMalformedCases(t *testing.T) {
	const static = "/paths/~1things~1{id}/get/responses/200/x-amzn-api-sandbox/static"
	for _, tc := range []struct{ file, pointer, msg string }{
		{"bad-novalue.json", static + "/0/request/parameters/id", `parameter "id" must be {"value": ...}; it has the keys val`},
		{"bad-unknownparam.json", static + "/0/request/parameters/color", `the case names parameter "color", which GET /things/{id} does not have`},
		{"bad-staticnotarray.json", static, "static must be an array of cases"},
		{"bad-unknownkey.json", static + "/0/expect", `unknown key "expect" in a sandbox case`},
		{"bad-status.json", "/paths/~1things~1{id}/get/responses/default/x-amzn-api-sandbox", `sandbox cases filed under "default", which is not an HTTP status code`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, err := Load("testdata/" + tc.file)
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *diag.Error", err)
			}
			if de.File != tc.file || de.Pointer != tc.pointer || !strings.Contains(de.Msg, tc.msg) {
				t.Fatalf("got %s (pointer %q)", err, de.Pointer)
			}
		})
	}
}

func TestGreedyAndLiteralRoutes(t *testing.T) {
	s, err := New(Models("testdata/things.json"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/up/a/b/c", `{"name":"greedy"}`},
		{"POST", "/up/a%2Fb%2Fc", `{"name":"greedy"}`},
		{"POST", "/up/fixed/literal", `{"name":"literal"}`},
		{"GET", "/things/t1", `{"name":"one"}`},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != tc.body {
			t.Errorf("%s %s: HTTP %d %s, want %s", tc.method, tc.path, resp.StatusCode, b, tc.body)
		}
	}
	// A path parameter no case has: 404 in the operation's 404 shape (a
	// bare error object), naming the parameter.
	resp, err := http.Get(ts.URL + "/things/t2")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.HasPrefix(string(b), `{"code":"NotFound","message":"no sandbox case of getThing matches: parameter \"id\" is \"t2\"; the case expects \"t1\"`) {
		t.Errorf("HTTP %d %s", resp.StatusCode, b)
	}
}
