package documents

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
	"golang.org/x/oauth2"
)

// The helpers run against the offline sandbox (package spapitest): the
// Feeds, Reports and Uploads APIs with presigned storage on another host,
// and Login with Amazon; reports get the documents the tests give.

var modelsDir = filepath.Join("..", "..", "..", "shared", "models", "spapi")

// sandboxModels are the APIs the helpers use.
var sandboxModels = spapitest.Only("feeds_2021-06-30.json", "reports_2021-06-30.json", "uploads_2020-11-01.json")

// newSandbox serves the helpers' APIs, refusing requests without a token
// it issued; report documents are stored gzip-compressed, as Amazon's are.
func newSandbox(t *testing.T, opts ...spapitest.Option) *spapitest.Server {
	t.Helper()
	return spapitest.Start(t, append([]spapitest.Option{spapitest.Models(modelsDir), sandboxModels, spapitest.RequireAuth(), spapitest.GzipDocuments()}, opts...)...)
}

// sandboxClient is the runtime on sb, retrying quickly.
func sandboxClient(t *testing.T, sb *spapitest.Server) *spapi.Client {
	t.Helper()
	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()),
		spapi.WithRetryer(spapi.StandardRetryer{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// listingsTSV is a 1000-row merchant listings report.
func listingsTSV() []byte {
	var b strings.Builder
	b.WriteString("sku\tasin\tprice\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "SKU-%04d\tB0%08d\t%d.99\n", i, i, i%100)
	}
	return []byte(b.String())
}

// listingsReport gives every GET_MERCHANT_LISTINGS_ALL_DATA report
// listingsTSV.
var listingsReport = spapitest.ReportDocument("GET_MERCHANT_LISTINGS_ALL_DATA", func(spapitest.ReportRequest) ([]byte, error) {
	return listingsTSV(), nil
})

const accessToken = "documents-test-access-token-1b2c"

// newClient returns an spapi.Client for endpoint with a static access
// token, for the tests of plain downloads and uploads.
func newClient(t *testing.T, endpoint string) *spapi.Client {
	t.Helper()
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: accessToken, Expiry: time.Now().Add(time.Hour)}, nil
	})
	c, err := spapi.New(spapi.Config{Endpoint: endpoint}, spapi.WithTokenSource(ts))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}
