package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/spapitest"
)

// startSandbox runs gen sandbox with args on a free port until the test
// ends and returns its base URL.
func startSandbox(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- serveSandbox(ctx, append([]string{"-addr", "127.0.0.1:0", "-in", messagingModel}, args...), pw, &stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serveSandbox: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("the sandbox did not stop")
		}
	})
	br := bufio.NewReader(pr)
	line, err := br.ReadString('\n')
	if err != nil {
		t.Fatalf("no start line (%v); stderr: %s", err, stderr.String())
	}
	m := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+) `).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("start line %q", line)
	}
	second, err := br.ReadString('\n')
	if err != nil || !strings.Contains(second, "journal at "+m[1]+spapitest.InspectPath) {
		t.Fatalf("second line %q (%v)", second, err)
	}
	go io.Copy(io.Discard, br)
	return m[1]
}

const attributesPath = "/messaging/v1/orders/123-1234567-1234567/attributes?marketplaceIds=ATVPDKIKX0DER"

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func inspect(t *testing.T, base string) spapitest.Inspection {
	t.Helper()
	resp, err := http.Get(base + spapitest.InspectPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var in spapitest.Inspection
	if err := json.NewDecoder(resp.Body).Decode(&in); err != nil {
		t.Fatal(err)
	}
	return in
}

// -plans throttles GetAttributes (1/s, burst 5) as SP-API would; with
// -time-scale 20 its bucket refills in 50 ms of wall time. The journal
// endpoint reports the request above the plan.
func TestSandboxPlansAndTimeScale(t *testing.T) {
	base := startSandbox(t, "-plans", "-time-scale", "20")
	throttled := 0
	for i := 0; i < 12 && throttled == 0; i++ {
		resp := get(t, base+attributesPath)
		switch resp.StatusCode {
		case 200:
		case 429:
			throttled++
			if resp.Header.Get("x-amzn-RateLimit-Limit") != "1" {
				t.Errorf("429 with x-amzn-RateLimit-Limit %q; want 1", resp.Header.Get("x-amzn-RateLimit-Limit"))
			}
			if i < 5 {
				t.Errorf("request %d throttled within the burst of 5", i+1)
			}
		default:
			t.Fatalf("HTTP %d", resp.StatusCode)
		}
	}
	if throttled == 0 {
		t.Fatal("12 requests in a burst, none throttled")
	}
	time.Sleep(150 * time.Millisecond) // 3 s of sandbox time
	if resp := get(t, base+attributesPath); resp.StatusCode != 200 {
		t.Errorf("after 3 s of sandbox time: HTTP %d; want the bucket refilled", resp.StatusCode)
	}
	in := inspect(t, base)
	if in.AbovePlans != 1 || !strings.Contains(in.WithinPlans, "GetAttributes") {
		t.Errorf("inspection: %d above plans, %q", in.AbovePlans, in.WithinPlans)
	}
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sandbox.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Faults from a -config file, deterministic by its seed: two runs answer
// the same 30 requests alike, and the journal names each fault.
func TestSandboxConfigFaultsAreDeterministic(t *testing.T) {
	cfg := writeConfig(t, `{"seed": 7, "faults": {"GetAttributes": {"unavailable": 0.3, "internalError": 0.2}}}`)
	run := func() ([]int, spapitest.Inspection) {
		base := startSandbox(t, "-config", cfg)
		var got []int
		for range 30 {
			got = append(got, get(t, base+attributesPath).StatusCode)
		}
		return got, inspect(t, base)
	}
	a, in := run()
	b, _ := run()
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("the same seed answered %v, then %v", a, b)
	}
	n := map[int]int{}
	for _, s := range a {
		n[s]++
	}
	if n[200] == 0 || n[500] == 0 || n[503] == 0 || n[200]+n[500]+n[503] != 30 {
		t.Fatalf("statuses %v; want a mix of 200, 500 and 503", n)
	}
	faults := 0
	for _, e := range in.Exchanges {
		if e.Fault != "" {
			faults++
		}
	}
	if len(in.Exchanges) != 30 || faults != n[500]+n[503] {
		t.Errorf("journal: %d exchanges, %d faults", len(in.Exchanges), faults)
	}
	// A flag overrides the file: another seed, other faults.
	base := startSandbox(t, "-config", cfg, "-seed", "8")
	var c []int
	for range 30 {
		c = append(c, get(t, base+attributesPath).StatusCode)
	}
	if reflect.DeepEqual(a, c) {
		t.Errorf("-seed 8 answered as seed 7: %v", c)
	}
}

// A bad configuration stops gen sandbox with an error naming the file
// and what is wrong.
func TestSandboxConfigErrors(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"seed": 1, "fault": {}}`, `sandbox.json: json: unknown field "fault"`},
		{"{\n\"seed\": \"x\"}", `sandbox.json: line 2: json: cannot unmarshal string`},
		{`{"faults": {"GetAttributes": {"unavailable": 2}}}`, `faults for "GetAttributes": unavailable rate 2 is not between 0 and 1`},
		{`{"faults": {"GetAttributes": {"latency": "soon"}}}`, `sandbox.json: faults for "GetAttributes": latency "soon" is not a duration`},
		{`{"faults": {"getOrder": {"throttle": 0.1}}}`, `faults for "getOrder": no operation of the sandbox's models has that ID`},
		{`{"timeScale": 0}`, `sandbox.json: timeScale 0: must be a positive number`},
	} {
		cfg := writeConfig(t, tc.body)
		code, _, stderr := run("sandbox", "-in", messagingModel, "-addr", "127.0.0.1:0", "-config", cfg)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want %q", tc.body, code, stderr, tc.want)
		}
	}
	if code, _, stderr := run("sandbox", "-in", messagingModel, "-addr", "127.0.0.1:0", "-time-scale", "-1"); code != 1 || !strings.Contains(stderr, "-time-scale -1: must be a positive number") {
		t.Errorf("-time-scale -1: exit %d, stderr %q", code, stderr)
	}
}

// The stateful flows from a -config file, for tests outside Go: a seeded
// order answers getOrder, a report gets the document the file names and,
// once DONE, its REPORT_PROCESSING_FINISHED notification is in the
// journal endpoint's answer.
func TestSandboxConfigFlows(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "listings.tsv"), []byte("sku\tprice\nA-1\t9.99\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "sandbox.json")
	os.WriteFile(cfg, []byte(`{"flows": {"progress": 0, "sellerId": "A2SELLER",
		"orders": [{"order": {"AmazonOrderId": "111-0000000-0000001", "PurchaseDate": "2026-11-01T10:00:00Z",
			"LastUpdateDate": "2026-11-01T10:00:00Z", "OrderStatus": "Unshipped"}, "items": []}],
		"reportDocuments": {"GET_MERCHANT_LISTINGS_ALL_DATA": "listings.tsv"}}}`), 0o644)
	ordersDir := "../../../shared/models/spapi"
	base := startSandbox(t, "-in", ordersDir, "-config", cfg)

	call := func(method, path, body string, out any) int {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		if out != nil && json.Unmarshal(data, out) != nil {
			t.Fatalf("%s %s: HTTP %d %s", method, path, resp.StatusCode, data)
		}
		return resp.StatusCode
	}
	var order struct {
		Payload struct{ AmazonOrderID, OrderStatus string } `json:"payload"`
	}
	if code := call("GET", "/orders/v0/orders/111-0000000-0000001", "", &order); code != 200 || order.Payload.OrderStatus != "Unshipped" {
		t.Fatalf("seeded order: HTTP %d %+v", code, order)
	}
	var created struct{ ReportID string }
	if code := call("POST", "/reports/2021-06-30/reports", `{"reportType":"GET_MERCHANT_LISTINGS_ALL_DATA","marketplaceIds":["ATVPDKIKX0DER"]}`, &created); code != 202 || created.ReportID == "" {
		t.Fatalf("createReport: HTTP %d %+v", code, created)
	}
	var report struct{ ProcessingStatus, ReportDocumentID string }
	for range 5 {
		call("GET", "/reports/2021-06-30/reports/"+created.ReportID, "", &report)
		if report.ProcessingStatus == "DONE" {
			break
		}
	}
	var doc struct{ URL string }
	if report.ProcessingStatus != "DONE" || call("GET", "/reports/2021-06-30/documents/"+report.ReportDocumentID, "", &doc) != 200 {
		t.Fatalf("report %+v", report)
	}
	// The document's presigned URL names another host: sent to the
	// sandbox naming that host, it reaches the document store.
	u, _ := url.Parse(doc.URL)
	req, _ := http.NewRequest("GET", base+u.RequestURI(), nil)
	req.Header.Set(spapitest.ForwardedHostHeader, u.Host)
	req.Header.Set(spapitest.ForwardedProtoHeader, u.Scheme)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != "sku\tprice\nA-1\t9.99\n" {
		t.Errorf("report document %q (HTTP %d)", got, resp.StatusCode)
	}
	in := inspect(t, base)
	if len(in.Notifications) != 1 || !strings.Contains(string(in.Notifications[0]), `REPORT_PROCESSING_FINISHED`) || !strings.Contains(string(in.Notifications[0]), created.ReportID) {
		t.Errorf("notifications %s", in.Notifications)
	}

	bad := writeConfig(t, `{"flows": {"reportDocuments": {"X": "missing.tsv"}}}`)
	if _, err := simulationOptions(newFlagSet("sandbox", io.Discard), bad, false, 1, 1); err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), `flows.reportDocuments["X"]`) {
		t.Errorf("missing report document: %v", err)
	}
}
