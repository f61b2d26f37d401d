package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSchemasBadInput runs "gen schemas" on broken schema directories:
// each must exit non-zero, name the file, line:column and JSON pointer,
// and leave the output directory as it was.
func TestSchemasBadInput(t *testing.T) {
	cases := map[string]struct{ file, want string }{
		"unsupported keyword": {`{"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
"properties":{"a":{"type":"string","not":{"const":"x"}}}}`, `bad.json:2:42: at /properties/a/not: keyword "not" is not supported`},
		"dangling ref": {`{"type":"object","properties":{"a":{"$ref":"#/definitions/gone"}}}`, `bad.json:1:44: at /properties/a/$ref: $ref "#/definitions/gone": no member "definitions"`},
		"malformed":    {`{"type":"object",}`, `bad.json:1:18: not valid JSON`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			in, out := t.TempDir(), t.TempDir()
			if err := os.WriteFile(filepath.Join(in, "bad.json"), []byte(c.file), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, "keep.go"), []byte("package schemas\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := Main([]string{"schemas", "-in", in, "-out", out}, &stdout, &stderr)
			if code == 0 {
				t.Fatalf("exit code 0, stderr %q", stderr.String())
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), c.want)
			}
			entries, _ := os.ReadDir(out)
			if len(entries) != 1 {
				t.Errorf("output directory changed: %v", entries)
			}
		})
	}
}

// TestSchemasGenerates runs "gen schemas" on one shipped schema.
func TestSchemasGenerates(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	src := filepath.Join("..", "..", "..", "shared", "models", "schemas", "notifications", "ReportProcessingFinishedNotification.json")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "ReportProcessingFinishedNotification.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"schemas", "-in", in, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"index.go", "reportprocessingfinishednotification/report_processing_finished_notification.go", "reportprocessingfinishednotification/doc.go"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
