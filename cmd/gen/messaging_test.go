package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var (
	messagingFixture   = filepath.Join("..", "..", "..", "shared", "fixtures", "messaging", "getMessagingActionsForOrder.json")
	messagingMalformed = filepath.Join("..", "..", "..", "shared", "fixtures", "messaging", "getMessagingActionsForOrder.malformed.txt")
)

// TestMessagingGeneratesCommittedOutput: the CLI writes exactly the
// committed generated/messagingactions.
func TestMessagingGeneratesCommittedOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "messagingactions")
	code, _, stderr := run("messaging", "-in", messagingFixture, "-package", "messagingactions", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	committed := filepath.Join("..", "..", "generated", "messagingactions")
	var n int
	err := filepath.WalkDir(committed, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(committed, p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s differs from the committed file", rel)
		}
		n++
		return nil
	})
	if err != nil || n < 4 {
		t.Fatalf("walked %d committed files: %v", n, err)
	}
}

// TestMessagingBadInputWritesNothing: a malformed response is reported
// with its line:column, exit status 1, and the output directory is left
// as it was.
func TestMessagingBadInputWritesNothing(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "keep.go"), []byte("package out\n"), 0o644)
	for _, in := range []string{messagingMalformed, writeTemp(t, `{"type":"object","properties":{"x":{"type":"strin"}}}`)} {
		code, _, stderr := run("messaging", "-in", in, "-package", "out", "-out", out)
		if code == 0 || !strings.Contains(stderr, filepath.Base(in)) {
			t.Fatalf("%s: exit %d, %q", in, code, stderr)
		}
		if in == messagingMalformed && !strings.Contains(stderr, ".malformed.txt:1:492: not valid JSON") {
			t.Errorf("no position: %q", stderr)
		}
		if in != messagingMalformed && !strings.Contains(stderr, "at /properties/x/type: unknown type") {
			t.Errorf("no pointer: %q", stderr)
		}
	}
	entries, _ := os.ReadDir(parent)
	files, _ := os.ReadDir(out)
	if len(entries) != 1 || len(files) != 1 || files[0].Name() != "keep.go" {
		t.Errorf("output touched: parent %v, out %v", entries, files)
	}
}

func writeTemp(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "schema.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMessagingValidate: exit 0 for a valid request, 1 with every
// violation listed for an invalid one, 2 for unusable input.
func TestMessagingValidate(t *testing.T) {
	valid := writeTemp(t, `{"rawMessageBody":"Which size do you need?"}`)
	code, stdout, stderr := run("messaging", "validate", "-in", messagingFixture, "-action", "confirmOrderDetails", valid)
	if code != 0 || !strings.Contains(stdout, "valid for confirmOrderDetails") {
		t.Fatalf("valid: exit %d, %q %q", code, stdout, stderr)
	}
	invalid := writeTemp(t, `{"rawMessageBody":"","attachments":[{"id":1},{},{},{},{},{}]}`)
	code, stdout, _ = run("messaging", "validate", "-in", messagingFixture, "-action", "confirmCustomizationDetails", invalid)
	for _, want := range []string{"3 violation(s)", "/rawMessageBody: minLength", "/attachments: maxItems", "/attachments/0/id: type"} {
		if code != 1 || !strings.Contains(stdout, want) {
			t.Errorf("invalid: exit %d, missing %q in\n%s", code, want, stdout)
		}
	}
	notJSON := writeTemp(t, "{\"rawMessageBody\": 'x'}")
	if code, _, stderr := run("messaging", "validate", "-in", messagingFixture, "-action", "confirmOrderDetails", notJSON); code != 2 || !strings.Contains(stderr, "schema.json:1:20: request is not valid JSON") {
		t.Errorf("not JSON: exit %d, %q", code, stderr)
	}
	if code, _, stderr := run("messaging", "validate", "-in", messagingFixture, "-action", "nope", valid); code != 2 || !strings.Contains(stderr, `no action "nope"`) {
		t.Errorf("unknown action: exit %d, %q", code, stderr)
	}
	if code, _, _ := run("messaging", "validate", "-in", messagingFixture, valid); code != 2 {
		t.Errorf("missing -action: exit %d", code)
	}
}
