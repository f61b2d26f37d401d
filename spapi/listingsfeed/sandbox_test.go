package listingsfeed_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/documents"
	"github.com/spgen/spgen/spapi/listingsfeed"
	"github.com/spgen/spgen/spapitest"
)

// The feeds run against the offline sandbox (package spapitest): the Feeds
// API with presigned storage, which checks a JSON_LISTINGS_FEED against
// listings-feed-schema-v2 and reports per message. Amazon also refuses
// messages the schema allows but the product type does not; the sandbox
// plays that with badSKUs, one ERROR issue per message whose SKU starts
// with "BAD".

var modelsDir = filepath.Join("..", "..", "..", "shared", "models", "spapi")

// newSandbox serves the Feeds API.
func newSandbox(t *testing.T) *spapitest.Server {
	t.Helper()
	return spapitest.Start(t, spapitest.Models(modelsDir), spapitest.Only("feeds_2021-06-30.json"), spapitest.RequireAuth(),
		spapitest.GzipDocuments(), spapitest.FeedReport(listingsfeed.FeedType, badSKUs))
}

// badSKUs adds to the sandbox's report an ERROR issue for every message
// whose SKU starts with "BAD", as Amazon reports a missing required
// attribute.
func badSKUs(f spapitest.FeedRequest) ([]byte, error) {
	var rep listingsfeed.Report
	if err := json.Unmarshal(f.Report, &rep); err != nil {
		return nil, err
	}
	var feed listingsfeed.Feed
	if err := json.Unmarshal(f.Document, &feed); err != nil {
		return nil, err
	}
	code, attr := "90220", "batteries_required"
	for _, m := range feed.Messages {
		if !strings.HasPrefix(m.SKU, "BAD") {
			continue
		}
		id, sku := m.MessageID, m.SKU
		rep.Issues = append(rep.Issues, listingsfeed.Issue{MessageID: &id, SKU: &sku, Code: &code, Severity: "ERROR",
			Message: "'[batteries_required]' is required but not supplied.", AttributeName: &attr})
		rep.Summary.Errors++
		rep.Summary.MessagesAccepted--
		rep.Summary.MessagesInvalid++
	}
	return json.Marshal(rep)
}

// newFeeds is the runtime's Feeds helper on sb.
func newFeeds(t *testing.T, sb *spapitest.Server) *documents.Feeds {
	t.Helper()
	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		t.Fatal(err)
	}
	feeds, err := documents.NewFeeds(c, documents.WithPollInterval(time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return feeds
}

// count returns how many requests with method reached the sandbox, token
// requests aside.
func count(sb *spapitest.Server, method string) int {
	n := 0
	for _, e := range sb.Exchanges() {
		if e.Method == method && e.Path != spapitest.TokenPath {
			n++
		}
	}
	return n
}
