package spapi_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// A client for one selling partner: every generated package's New takes
// it. The offline sandbox (spapitest) stands in for Amazon (Login with
// Amazon and the Orders API); in production leave Endpoint and TokenURL
// unset and set Region.
func Example() {
	amazon, err := newSandbox(5, 2, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer amazon.Close()

	c, err := spapi.New(spapi.Config{
		Region:       spapi.NorthAmerica,
		Endpoint:     amazon.URL,                       // omit in production
		TokenURL:     amazon.URL + spapitest.TokenPath, // omit in production
		ClientID:     "amzn1.application-oa2-client.example",
		ClientSecret: "example-client-secret",
		RefreshToken: "Atzr|example-refresh-token",
	})
	if err != nil {
		log.Fatal(err)
	}
	orders, err := ordersv0.New(c)
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	params := &ordersv0.GetOrdersParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}}
	// Every page, within getOrders' rate limit, with a Restricted Data Token.
	for order, err := range orders.GetOrdersItems(ctx, params) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(order.AmazonOrderID, order.OrderStatus)
	}

	// A non-2xx answer becomes an *spapi.Error.
	_, err = orders.GetOrder(ctx, "000-0000000-0000000")
	var apiErr *spapi.Error
	if errors.As(err, &apiErr) {
		fmt.Println(spapi.IsNotFound(err), apiErr.StatusCode, apiErr.Errors[0].Code, apiErr.RequestID != "")
	}
	// Output:
	// 902-3159896-1230000 Unshipped
	// 902-3159896-1230001 Unshipped
	// 902-3159896-1230002 Unshipped
	// 902-3159896-1230003 Unshipped
	// 902-3159896-1230004 Unshipped
	// true 404 NotFound true
}

// The marketplace ID table says which region serves a marketplace.
func ExampleMarketplaceRegion() {
	for _, id := range []string{"ATVPDKIKX0DER", "A1PA6795UKMFR9", "A1VC38T7YXB528"} {
		r, _ := spapi.MarketplaceRegion(id)
		m, _ := spapi.MarketplaceByID(id)
		fmt.Println(m.CountryCode, r.Name, r.URL(false), r.URL(true))
	}
	// Output:
	// US NA https://sellingpartnerapi-na.amazon.com https://sandbox.sellingpartnerapi-na.amazon.com
	// DE EU https://sellingpartnerapi-eu.amazon.com https://sandbox.sellingpartnerapi-eu.amazon.com
	// JP FE https://sellingpartnerapi-fe.amazon.com https://sandbox.sellingpartnerapi-fe.amazon.com
}

// Credentials print as [REDACTED], whatever the verb or logger.
func ExampleSecret() {
	cfg := spapi.Config{ClientID: "amzn1.application-oa2-client.example", ClientSecret: "s3cr3t-value", RefreshToken: "Atzr|IwEBIexample"}
	fmt.Printf("%v\n%+v\n", cfg.ClientSecret, cfg.RefreshToken)
	fmt.Println(spapi.Scrub("token=Atza|IwEBIJxyz rdt=Atz.sprdt|AbC123"))
	fmt.Println(spapi.RedactURL("https://bucket.s3.amazonaws.com/doc?X-Amz-Signature=abcdef&X-Amz-Expires=300"))
	// Output:
	// [REDACTED]
	// [REDACTED]
	// token=[REDACTED] rdt=[REDACTED]
	// https://bucket.s3.amazonaws.com/doc?X-Amz-Expires=300&X-Amz-Signature=%5BREDACTED%5D
}
