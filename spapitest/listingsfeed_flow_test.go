package spapitest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/spgen/spgen/spapi/documents"
	"github.com/spgen/spgen/spapi/listingsfeed"
	"github.com/spgen/spgen/spapitest"
)

// listingsMessages are three valid listings feed messages.
func listingsMessages() []listingsfeed.Message {
	luggage := "LUGGAGE"
	attrs := map[string]json.RawMessage{
		"item_name": json.RawMessage(`[{"value":"Hard-shell suitcase","language_tag":"en_US","marketplace_id":"ATVPDKIKX0DER"}]`),
	}
	return []listingsfeed.Message{
		{SKU: "GOOD-1", OperationType: listingsfeed.Update, ProductType: &luggage, Attributes: attrs},
		{SKU: "BAD-2", OperationType: listingsfeed.Update, ProductType: &luggage, Attributes: attrs},
		{SKU: "GOOD-3", OperationType: listingsfeed.Delete},
	}
}

// TestListingsFeedFlow: a JSON_LISTINGS_FEED submitted through
// spapi/listingsfeed is checked by the sandbox against
// listings-feed-schema-v2, and its processing report (read by
// listingsfeed.Await) accepts every valid message; a feed whose second
// message breaks the schema (uploaded by another tool, bypassing the
// client's own validation) gets an ERROR issue for that messageId and SKU
// only.
func TestListingsFeedFlow(t *testing.T) {
	sb := start(t, []string{"feeds_2021-06-30.json"}, spapitest.GzipDocuments())
	feeds, err := documents.NewFeeds(flowRuntime(t, sb), fastPoll)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b := listingsfeed.NewBuilder("A2SELLER")
	for _, m := range listingsMessages() {
		b.Add(m)
	}
	feed, err := b.Feed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, err := listingsfeed.Submit(ctx, feeds, feed, []string{"ATVPDKIKX0DER"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := listingsfeed.Await(ctx, feeds, id)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Report.Summary; s.MessagesProcessed != 3 || s.MessagesAccepted != 3 || s.Errors != 0 || res.Report.Header.FeedID != id {
		t.Fatalf("valid feed: %+v, header %+v", s, res.Report.Header)
	}

	// The same feed with message 2 breaking the schema (no productType for
	// an UPDATE), uploaded as it is.
	raw, err := json.Marshal(feed)
	if err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(raw, []byte(`"productType":"LUGGAGE","sku":"BAD-2"`), []byte(`"sku":"BAD-2"`), 1)
	if bytes.Equal(broken, raw) {
		t.Fatalf("the feed JSON changed shape: %s", raw)
	}
	id, err = feeds.Submit(ctx, documents.Feed{Type: listingsfeed.FeedType, MarketplaceIDs: []string{"ATVPDKIKX0DER"},
		ContentType: listingsfeed.ContentType, Content: bytes.NewReader(broken), Size: int64(len(broken))})
	if err != nil {
		t.Fatal(err)
	}
	res, err = listingsfeed.Await(ctx, feeds, id)
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted(2) || !res.Accepted(1) || !res.Accepted(3) || len(res.ByMessage[0]) != 0 {
		t.Fatalf("issues by message: %+v", res.ByMessage)
	}
	for _, is := range res.ByMessage[2] {
		if is.Severity != "ERROR" || is.SKU == nil || *is.SKU != "BAD-2" || is.Code == nil || *is.Code != spapitest.ListingsCodeInvalid || !strings.Contains(is.Message, "/messages/1") {
			t.Errorf("issue %+v", is)
		}
	}
	if s := res.Report.Summary; s.MessagesProcessed != 3 || s.MessagesAccepted != 2 || s.MessagesInvalid != 1 {
		t.Errorf("summary %+v", s)
	}
	if len(sb.Notifications()) != 2 {
		t.Errorf("%d notifications for 2 feeds", len(sb.Notifications()))
	}
}
