package spapitest_test

import (
	"os"
	"strings"
	"testing"

	"github.com/spgen/spgen/spapitest"
)

// TestReadmeListsLeniencies: the README's sandbox section says exactly
// where the sandbox is softer than SP-API (CONFORMANCE.md renders the same
// list, checked by internal/conformance).
func TestReadmeListsLeniencies(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, "#### Where the sandbox is softer than SP-API")
	if start < 0 {
		t.Fatal("README.md has no section \"Where the sandbox is softer than SP-API\"")
	}
	section := readme[start:]
	if end := strings.Index(section[4:], "\n#"); end >= 0 {
		section = section[:end+4]
	}
	want := spapitest.Leniencies()
	if n := strings.Count(section, "\n- "); n != len(want) {
		t.Errorf("the README lists %d leniencies, spapitest.Leniencies has %d", n, len(want))
	}
	for _, l := range want {
		if !strings.Contains(section, "- "+l.What+": "+l.Why+".") {
			t.Errorf("the README's list lacks %q", "- "+l.What+": "+l.Why+".")
		}
	}
}
