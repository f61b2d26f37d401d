package listingsfeed_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/spgen/spgen/spapi/listingsfeed"
)

// FuzzReadReport: a downloaded processing report, whatever it holds, is
// parsed or refused without a panic, and parsed issues are all grouped.
func FuzzReadReport(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "models", "schemas", "feeds", "listings-feed-processing-report-schema-v2.example.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"header":{"sellerId":"A","version":"2.0","feedId":"1"},"issues":[{"severity":"ERROR","message":"m"}],"summary":{"errors":1,"warnings":0,"messagesProcessed":0,"messagesAccepted":0,"messagesInvalid":0}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := listingsfeed.ReadReport(bytes.NewReader(data))
		if err != nil {
			return
		}
		n := 0
		for _, is := range res.ByMessage {
			n += len(is)
		}
		if n != len(res.Report.Issues) {
			t.Fatalf("%d issues grouped of %d", n, len(res.Report.Issues))
		}
	})
}
