package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

const messagingModel = "../../../shared/models/spapi/messaging-api-model/messaging.json"

// TestSandboxServesUntilCancelled starts gen sandbox on a free port,
// answers a request from a case, and stops cleanly when its context ends.
func TestSandboxServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- serveSandbox(ctx, []string{"-addr", "127.0.0.1:0", "-in", messagingModel}, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no start line (%v); stderr: %s", err, stderr.String())
	}
	m := regexp.MustCompile(`^sandbox: 1 models, 11 operations, 22 cases on (http://127\.0\.0\.1:\d+) \(token URL http://127\.0\.0\.1:\d+/auth/o2/token\)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("start line %q", line)
	}
	go io.Copy(io.Discard, pr)
	resp, err := http.Get(m[1] + "/messaging/v1/orders/123-1234567-1234567/attributes?marketplaceIds=ATVPDKIKX0DER")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Sandbox-Case") != "messaging.json GetAttributes 200 #0" || string(body) != `{"buyer":{"locale":"en-US"}}` {
		t.Fatalf("HTTP %d case %q body %s", resp.StatusCode, resp.Header.Get("X-Sandbox-Case"), body)
	}
	// The messaging actions of any other order, with their schemas (the
	// shared fixture found next to the models).
	resp, err = http.Get(m[1] + "/messaging/v1/orders/114-0000000-0000042?marketplaceIds=ATVPDKIKX0DER")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"_embedded"`) || !strings.Contains(string(body), "/orders/114-0000000-0000042/messages/") {
		t.Fatalf("messaging actions: HTTP %d %.200s", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serveSandbox: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop")
	}
}

func TestSandboxBadInput(t *testing.T) {
	code, _, stderr := run("sandbox", "-in", "../../internal/spapigen/testdata/bad/syntax.json", "-addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(stderr, "syntax.json:4:13: invalid JSON") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	malformed := "../../../shared/fixtures/messaging/getMessagingActionsForOrder.malformed.txt"
	if code, _, stderr := run("sandbox", "-in", messagingModel, "-messaging-actions", malformed, "-addr", "127.0.0.1:0"); code != 1 ||
		!strings.Contains(stderr, "getMessagingActionsForOrder.malformed.txt: at offset") {
		t.Fatalf("malformed messaging actions: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := run("sandbox", "-no-such-flag"); code != 2 {
		t.Fatalf("bad flag: exit %d", code)
	}
	if code, _, stderr := run("sandbox", "-in", messagingModel, "-addr", "256.0.0.1:99999"); code != 1 || !strings.Contains(stderr, "gen sandbox:") {
		t.Fatalf("bad address: exit %d, stderr %q", code, stderr)
	}
}
