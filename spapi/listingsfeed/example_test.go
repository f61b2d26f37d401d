package listingsfeed_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spgen/spgen/spapi/listingsfeed"
)

// Building a JSON_LISTINGS_FEED: the builder numbers the messages and Feed
// validates against listings-feed-schema-v2 before anything is uploaded
// (listingsfeed.Submit then sends it through documents.Feeds).
func ExampleBuilder() {
	b := listingsfeed.NewBuilder("AXXXXXXXXXXXX")
	b.Add(listingsfeed.Message{SKU: "ABC123", OperationType: listingsfeed.Update, ProductType: ptr("LUGGAGE"),
		Attributes: map[string]json.RawMessage{"item_name": json.RawMessage(`[{"value":"Suitcase","marketplace_id":"ATVPDKIKX0DER"}]`)}})
	b.Add(listingsfeed.Message{SKU: "", OperationType: listingsfeed.Delete})
	_, err := b.Feed(context.Background())
	fmt.Println(err)
	// Output:
	// JSON_LISTINGS_FEED: 1 schema violation
	//	/messages/1/sku: minLength: length must be >= 1, but got 0
}
