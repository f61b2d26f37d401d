package listingsfeed_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/spgen/spgen/spapi/listingsfeed"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

func ptr[T any](v T) *T { return &v }

func raw(s string) json.RawMessage { return json.RawMessage(s) }

func messages() []listingsfeed.Message {
	attrs := map[string]json.RawMessage{
		"item_name": raw(`[{"value":"Hard-shell suitcase","language_tag":"en_US","marketplace_id":"ATVPDKIKX0DER"}]`),
	}
	return []listingsfeed.Message{
		{SKU: "GOOD-1", OperationType: listingsfeed.Update, ProductType: ptr("LUGGAGE"), Attributes: attrs},
		{SKU: "BAD-2", OperationType: listingsfeed.Update, ProductType: ptr("LUGGAGE"), Attributes: attrs},
		{SKU: "GOOD-3", OperationType: listingsfeed.PatchOp, ProductType: ptr("LUGGAGE"), Patches: []listingsfeed.Patch{{Op: "replace", Path: "/attributes/fulfillment_availability", Value: []map[string]json.RawMessage{{"fulfillment_channel_code": raw(`"DEFAULT"`), "quantity": raw(`10`)}}}}},
		{SKU: "GOOD-4", OperationType: listingsfeed.Delete},
	}
}

// TestEndToEnd builds a feed, validates it, submits it as
// JSON_LISTINGS_FEED, waits and reads the processing report with its
// issues by message ID, all against the offline sandbox.
func TestEndToEnd(t *testing.T) {
	sb := newSandbox(t)
	feeds := newFeeds(t, sb)
	b := listingsfeed.NewBuilder("AXXXXXXXXXXXX").IssueLocale("en_US")
	for _, m := range messages() {
		b.Add(m)
	}
	feed, err := b.Feed(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	id, err := listingsfeed.Submit(t.Context(), feeds, feed, []string{"ATVPDKIKX0DER"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := listingsfeed.Await(t.Context(), feeds, id)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Summary.MessagesProcessed != 4 || res.Report.Summary.Errors != 1 {
		t.Fatalf("summary %+v", res.Report.Summary)
	}
	if res.Accepted(2) || !res.Accepted(1) || len(res.ByMessage[2]) != 1 || *res.ByMessage[2][0].SKU != "BAD-2" {
		t.Fatalf("issues by message: %+v", res.ByMessage)
	}
	if n := count(sb, "PUT"); n != 1 {
		t.Fatalf("%d uploads", n)
	}
}

// TestInvalidFeedRefusedBeforeUpload: a feed breaking the schema is refused
// naming each violation's pointer, and nothing reaches the server.
func TestInvalidFeedRefusedBeforeUpload(t *testing.T) {
	sb := newSandbox(t)
	feeds := newFeeds(t, sb)
	ms := messages()
	ms[0].SKU = ""                      // minLength 1
	ms[1].ProductType = nil             // UPDATE requires productType: oneOf fails
	ms[3].Attributes = ms[0].Attributes // DELETE forbids attributes
	feed := &listingsfeed.Feed{}
	feed.Header.SellerID, feed.Header.Version = "A1", "2.0"
	for i, m := range ms {
		m.MessageID = int64(i + 1)
		feed.Messages = append(feed.Messages, m)
	}
	feed.Messages[2].MessageID = 1 // duplicate ID
	_, err := listingsfeed.Submit(t.Context(), feeds, feed, []string{"ATVPDKIKX0DER"}, nil)
	var ve *actionschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v", err)
	}
	for _, want := range [][2]string{{"/messages/0/sku", "minLength"}, {"/messages/1", "oneOf"}, {"/messages/3", "oneOf"}, {"/messages/2/messageId", "unique"}} {
		if !ve.Has(want[0], want[1]) {
			t.Errorf("no %s violation at %s in\n%v", want[1], want[0], err)
		}
	}
	if n := count(sb, "POST") + count(sb, "PUT"); n != 0 {
		t.Fatalf("%d requests reached the server", n)
	}
}

// TestShippedExamples: Amazon's .example.json feed and processing report
// decode, validate and re-encode to the same JSON value.
func TestShippedExamples(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "models", "schemas", "feeds")
	for name, v := range map[string]interface {
		Validate() error
	}{
		"listings-feed-schema-v2.example.json":                   new(listingsfeed.Feed),
		"listings-feed-processing-report-schema-v2.example.json": new(listingsfeed.Report),
	} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := v.Validate(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		json.Unmarshal(data, &a)
		json.Unmarshal(out, &b)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%s does not round-trip:\n%s", name, out)
		}
	}
	rep, err := os.Open(filepath.Join(dir, "listings-feed-processing-report-schema-v2.example.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer rep.Close()
	res, err := listingsfeed.ReadReport(rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ByMessage[4]) != 2 || len(res.ByMessage[5]) != 1 || res.Accepted(5) {
		t.Fatalf("issues by message %+v", res.ByMessage)
	}
}
