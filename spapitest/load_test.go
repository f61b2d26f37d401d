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

// TestJournalIsBounded: the exchanges a long-running sandbox remembers are
// bounded in number and in body bytes, oldest dropped first.
func TestJournalIsBounded(t *testing.T) {
	s := &Server{}
	big := make([]byte, maxJournalBody+10)
	for i := range maxJournalBytes/maxJournalBody + 5 {
		s.record(Exchange{Operation: "op", Status: i, Body: big})
	}
	got := s.Exchanges()
	total := 0
	for _, e := range got {
		total += len(e.Body)
		if len(e.Body) != maxJournalBody || !e.Truncated {
			t.Fatalf("body of %d bytes kept, truncated %v", len(e.Body), e.Truncated)
		}
	}
	if total > maxJournalBytes || got[len(got)-1].Status != maxJournalBytes/maxJournalBody+4 {
		t.Fatalf("%d exchanges, %d body bytes, last %d", len(got), total, got[len(got)-1].Status)
	}
	for range maxJournal + 3 {
		s.record(Exchange{Operation: "small"})
	}
	if n := len(s.Exchanges()); n != maxJournal {
		t.Fatalf("%d exchanges kept, want %d", n, maxJournal)
	}
}
