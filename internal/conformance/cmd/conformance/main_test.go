package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const models = "../../../../../shared/models/spapi"

func TestRunWritesReportAndSummary(t *testing.T) {
	out := filepath.Join(t.TempDir(), "CONFORMANCE.md")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-models", models, "-only", "messaging.json", "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout.String(), stderr.String())
	}
	if stdout.String() != "conformance: 22 passed, 0 failed\n" {
		t.Errorf("stdout %q", stdout.String())
	}
	report, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), "| messaging-api-model/messaging.json | messaging | 22 | 22 | 0 | 1 |") ||
		!strings.HasSuffix(string(report), "\nconformance: 22 passed, 0 failed\n") {
		t.Errorf("report:\n%s", report)
	}
}

func TestRunBadInput(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-models", "no/such/dir"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "no/such/dir") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if code := run([]string{"-bogus"}, &stdout, &stderr); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
}
