package xmlfeeds

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/documents"
	"github.com/spgen/spgen/spapitest"
)

// The feed flow runs against the offline sandbox (package spapitest): the
// Feeds API 2021-06-30 with presigned storage on another host, and the
// Orders API's order store, so that the processing report says which
// fulfillment names an order Amazon does not have (18028).

// modelsDir holds Amazon's SP-API models, read in place (../shared from
// the project root).
var modelsDir = filepath.Join("..", "..", "..", "..", "shared", "models", "spapi")

// newSandbox serves feeds and orders, refusing requests without a token it
// issued; known are the seeded orders, each with one item
// "<order's last 7 digits>0000000" (see seedItem) of quantity 1.
func newSandbox(t *testing.T, known ...string) *spapitest.Server {
	t.Helper()
	var seeds []spapitest.Order
	for _, id := range known {
		seeds = append(seeds, spapitest.Order{
			Order: map[string]any{"AmazonOrderId": id, "PurchaseDate": "2024-03-01T10:00:00Z", "LastUpdateDate": "2024-03-01T10:00:00Z",
				"OrderStatus": "Unshipped", "MarketplaceId": "ATVPDKIKX0DER"},
			Items: []any{map[string]any{"ASIN": "B000000001", "OrderItemId": seedItem(id), "QuantityOrdered": 1}},
		})
	}
	return spapitest.Start(t, spapitest.Models(modelsDir), spapitest.Only("feeds_2021-06-30.json", "ordersV0.json"),
		spapitest.RequireAuth(), spapitest.GzipDocuments(), spapitest.SeedOrders(seeds...))
}

// seedItem is the OrderItemId of the seeded order id's item.
func seedItem(id string) string { return id[len(id)-7:] + "0000000" }

// feedsClient returns the runtime's Feeds helper talking to the sandbox;
// in production the spapi.Client is built with a Region and LWA
// credentials.
func feedsClient(t *testing.T, sb *spapitest.Server) *documents.Feeds {
	t.Helper()
	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		t.Fatal(err)
	}
	feeds, err := documents.NewFeeds(c, documents.WithPollInterval(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return feeds
}

// calls lists what reached the sandbox, token requests aside: the
// operation, or the method and path of a document request.
func calls(sb *spapitest.Server) []string {
	var out []string
	for _, e := range sb.Exchanges() {
		switch {
		case e.Path == spapitest.TokenPath:
		case e.Operation != "":
			out = append(out, e.Operation)
		default:
			out = append(out, e.Method+" "+e.Path)
		}
	}
	return out
}

// uploads returns the documents uploaded to the sandbox, in order.
func uploads(t *testing.T, sb *spapitest.Server) [][]byte {
	t.Helper()
	var out [][]byte
	for _, e := range sb.Exchanges() {
		if e.Method != "PUT" || !strings.HasPrefix(e.Path, spapitest.UploadsPath) {
			continue
		}
		d, ok := sb.Document("https://" + spapitest.UploadsHost + e.Path)
		if !ok {
			t.Fatalf("no document at %s", e.Path)
		}
		out = append(out, d.Body)
	}
	return out
}

// schemaErrors validates a document with xmllint against the real schemas
// and returns its complaints ("" when valid).
func schemaErrors(t *testing.T, data []byte) string {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatalf("xmllint (Debian package libxml2-utils) checks the uploaded feed: %v", err)
	}
	f, err := os.CreateTemp(t.TempDir(), "mwsxml-upload-*.xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command("xmllint", "--noout", "--schema", filepath.Join(schemaDir, "amzn-envelope.xsd"), f.Name()).CombinedOutput()
	if err != nil {
		return string(out) + err.Error()
	}
	return ""
}

// schemaDir holds Amazon's MWS schemas, read in place (../shared from the
// project root).
var schemaDir = filepath.Join("..", "..", "..", "..", "shared", "xsd", "mws")
