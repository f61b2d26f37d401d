package mws_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/spgen/spgen/mws"
)

// The seed article's flow (seeds/002): list the orders, page after page,
// then the items of one order, and the product behind an ASIN; then the
// tracking-number feed. Here against a loopback stand-in for MWS, which
// checks every signature.
func Example() {
	fake := mws.NewFakeMWSExample()
	defer fake.Close()
	c, err := mws.New(mws.FakeConfigExample(fake.URL)) // mws.Config{Endpoint: mws.NorthAmerica, ...}
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	n := 0
	for order, err := range c.ListOrders(ctx, &mws.ListOrdersRequest{
		MarketplaceIDs: []string{"ATVPDKIKX0DER"},
		CreatedAfter:   time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
	}) {
		if err != nil {
			log.Fatal(err)
		}
		n++
		if n == 1 {
			fmt.Println("first order:", order.AmazonOrderID, order.OrderStatus, order.OrderTotal.Amount, order.OrderTotal.CurrencyCode)
		}
	}
	fmt.Println("orders:", n)

	for item, err := range c.ListOrderItems(ctx, "112-0000001-0000001") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("item:", item.SellerSKU, item.ASIN, item.QuantityOrdered)
	}

	products, err := c.GetMatchingProduct(ctx, "ATVPDKIKX0DER", "B00EXAMPLE")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("product:", products[0].Product.Attributes[0].Title)

	info, err := c.SubmitFeed(ctx, mws.Feed{
		Type:    "POST_ORDER_FULFILLMENT_DATA",
		Content: strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?><AmazonEnvelope>...</AmazonEnvelope>`),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("feed:", info.FeedSubmissionID, info.FeedProcessingStatus)
	// Output:
	// first order: 112-0000001-0000001 Unshipped 19.90 USD
	// orders: 6
	// item: MUG-1 B00EXAMPLE 1
	// item: MUG-2 B00EXAMPLE 1
	// product: Red Mug 350 ml
	// feed: 50001 _SUBMITTED_
}
