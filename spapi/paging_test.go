package spapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// pageServer pages through n items, three per page; the token is read from
// the query or the JSON body as the operation says. It records each request
// (query, body).
type pageServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
}

func newPageServer(t *testing.T, n int, in string, repeatToken bool) *pageServer {
	s := &pageServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.RawQuery+" "+string(b))
		s.mu.Unlock()
		var tok string
		if in == "query" {
			tok = r.URL.Query().Get("nextToken")
		} else {
			var body map[string]any
			json.Unmarshal(b, &body)
			tok, _ = body["nextToken"].(string)
		}
		start := 0
		fmt.Sscanf(tok, "t%d", &start)
		end := min(start+3, n)
		var items []int
		for i := start; i < end; i++ {
			items = append(items, i)
		}
		out := map[string]any{"items": items}
		if end < n {
			next := fmt.Sprintf("t%d", end)
			if repeatToken {
				next = "t0"
			}
			out["pagination"] = map[string]any{"nextToken": next}
		}
		writeJSON(w, 200, out)
	}))
	t.Cleanup(s.Close)
	return s
}

type itemsPage struct {
	Body         []byte
	HTTPResponse *http.Response
}

func (p *itemsPage) items() []int {
	var v struct{ Items []int }
	json.Unmarshal(p.Body, &v)
	return v.Items
}

// call mimics a generated method: it builds the request, attaches the
// operation, applies the editors and parses the response.
func pageCall(c *Client, srv string, op *Operation, body string) func(context.Context, RequestEditor) (*itemsPage, error) {
	return func(ctx context.Context, next RequestEditor) (*itemsPage, error) {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req, err := http.NewRequest(op.Method, srv+op.Path+"?marketplaceIds=ATVPDKIKX0DER&pageSize=3", rd)
		if err != nil {
			return nil, err
		}
		req = req.WithContext(WithOperation(ctx, op))
		if err := next(ctx, req); err != nil {
			return nil, err
		}
		resp, err := c.HTTPClient().Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return &itemsPage{Body: b, HTTPResponse: resp}, err
	}
}

func collect(t *testing.T, c *Client, srv string, op *Operation, body string) ([]int, error) {
	var got []int
	for it, err := range Items(Pages(t.Context(), pageCall(c, srv, op, body)), (*itemsPage).items) {
		if err != nil {
			return got, err
		}
		got = append(got, it)
	}
	return got, nil
}

func TestPagesTokenPlacement(t *testing.T) {
	lwa := newLWAServer(t)
	paging := func(in string, only bool) *Paging {
		return &Paging{TokenParam: "nextToken", TokenIn: in, ResponseToken: []string{"pagination", "nextToken"}, TokenOnly: only}
	}
	cases := []struct {
		name   string
		op     *Operation
		body   string
		in     string
		second string // the second request as the server saw it
	}{
		{"query", &Operation{ID: "q", API: "t", Method: "GET", Path: "/q", Paging: paging("query", false)}, "", "query",
			"marketplaceIds=ATVPDKIKX0DER&nextToken=t3&pageSize=3 "},
		{"query, token only", &Operation{ID: "qo", API: "t", Method: "GET", Path: "/qo", Paging: paging("query", true)}, "", "query",
			"nextToken=t3 "},
		{"body", &Operation{ID: "b", API: "t", Method: "POST", Path: "/b", Paging: paging("body", false)}, `{"filter":"x"}`, "body",
			`marketplaceIds=ATVPDKIKX0DER&pageSize=3 {"filter":"x","nextToken":"t3"}`},
		{"body, token only", &Operation{ID: "bo", API: "t", Method: "POST", Path: "/bo", Paging: paging("body", true)}, `{"filter":"x"}`, "body",
			`marketplaceIds=ATVPDKIKX0DER&pageSize=3 {"nextToken":"t3"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newPageServer(t, 10, tc.in, false)
			c := newTestClient(t, lwa, srv.URL)
			got, err := collect(t, c, srv.URL, tc.op, tc.body)
			if err != nil || fmt.Sprint(got) != "[0 1 2 3 4 5 6 7 8 9]" {
				t.Fatalf("items %v, err %v", got, err)
			}
			if len(srv.requests) != 4 || srv.requests[1] != tc.second {
				t.Fatalf("requests %q; second should be %q", srv.requests, tc.second)
			}
		})
	}
}

func TestPagesRepeatedTokenStops(t *testing.T) {
	lwa := newLWAServer(t)
	srv := newPageServer(t, 10, "query", true)
	c := newTestClient(t, lwa, srv.URL)
	op := &Operation{ID: "q", API: "t", Method: "GET", Path: "/q", Paging: &Paging{TokenParam: "nextToken", TokenIn: "query", ResponseToken: []string{"pagination", "nextToken"}}}
	got, err := collect(t, c, srv.URL, op, "")
	if err == nil || !strings.Contains(err.Error(), "returned before") || len(srv.requests) != 2 {
		t.Fatalf("items %v err %v after %d requests", got, err, len(srv.requests))
	}
}

func TestPagesWithoutPaging(t *testing.T) {
	lwa := newLWAServer(t)
	srv := newPageServer(t, 10, "query", false)
	c := newTestClient(t, lwa, srv.URL)
	op := &Operation{ID: "q", API: "t", Method: "GET", Path: "/q"}
	got, err := collect(t, c, srv.URL, op, "")
	if err != nil || fmt.Sprint(got) != "[0 1 2]" || len(srv.requests) != 1 {
		t.Fatalf("items %v err %v after %d requests", got, err, len(srv.requests))
	}
}

func TestPageToken(t *testing.T) {
	for body, want := range map[string]string{
		`{"payload":{"NextToken":"abc"}}`: "abc",
		`{"payload":{"NextToken":null}}`:  "",
		`{"payload":{}}`:                  "",
		`{}`:                              "",
	} {
		if got, err := pageToken([]byte(body), []string{"payload", "NextToken"}); err != nil || got != want {
			t.Errorf("%s: %q %v", body, got, err)
		}
	}
	for _, body := range []string{`{"payload":{"NextToken":5}}`, `{"payload":[1]}`, `not json`} {
		if _, err := pageToken([]byte(body), []string{"payload", "NextToken"}); err == nil {
			t.Errorf("%s: no error", body)
		}
	}
}
