package mwsxml

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/tempmod"
)

// feedOnlyProgram writes a fulfillment feed with package mwsxml and
// nothing else.
const feedOnlyProgram = `package main

import (
	"os"
	"time"

	"github.com/spgen/spgen/mwsxml"
)

func main() {
	w, err := mwsxml.NewEnvelopeWriter(os.Stdout, &mwsxml.AmazonEnvelope{
		Header:      &mwsxml.Header{DocumentVersion: "1.01", MerchantIdentifier: "A1EXAMPLE2SELLER"},
		MessageType: mwsxml.AmazonEnvelopeMessageTypeOrderFulfillment,
	})
	if err != nil {
		panic(err)
	}
	if _, err := w.WriteBody(&mwsxml.OrderFulfillment{
		AmazonOrderID:   mwsxml.Ptr[mwsxml.AmazonOrderID]("112-3456789-0123456"),
		FulfillmentDate: mwsxml.NewDateTime(time.Now()),
	}); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
}
`

// TestFeedProgramDeps runs go list -deps on a program that only writes a
// feed: package mwsxml must not pull in the HTTP runtime (spapi), oauth2,
// x/time or any generated SP-API client.
func TestFeedProgramDeps(t *testing.T) {
	mod := tempmod.New(t, "example.com/feedonly")
	tempmod.WriteFile(t, filepath.Join(mod, "main.go"), []byte(feedOnlyProgram))
	out := string(tempmod.Go(t, mod, "list", "-deps", "."))
	deps := strings.Fields(out)
	found := false
	for _, d := range deps {
		if d == "github.com/spgen/spgen/mwsxml" {
			found = true
		}
		for _, banned := range []string{"golang.org/x/oauth2", "golang.org/x/time", "github.com/spgen/spgen/generated/", "github.com/spgen/spgen/spapi", "net/http"} {
			if d == strings.TrimSuffix(banned, "/") || strings.HasPrefix(d, banned) {
				t.Errorf("a program that only writes a feed depends on %s", d)
			}
		}
	}
	if !found {
		t.Fatalf("go list -deps does not list mwsxml, so the check proves nothing:\n%s", out)
	}
}
