package spapigen

import (
	"strconv"
	"strings"
	"testing"
)

// corpusBytes decodes a "go test fuzz v1" corpus file holding one []byte.
func corpusBytes(t *testing.T, raw []byte) []byte {
	t.Helper()
	lines := strings.SplitN(string(raw), "\n", 2)
	if len(lines) < 2 || lines[0] != "go test fuzz v1" {
		t.Fatalf("not a fuzz corpus file: %.40q", raw)
	}
	v := strings.TrimSpace(lines[1])
	v = strings.TrimSuffix(strings.TrimPrefix(v, "[]byte("), ")")
	s, err := strconv.Unquote(v)
	if err != nil {
		t.Fatalf("corpus value: %v", err)
	}
	return []byte(s)
}
