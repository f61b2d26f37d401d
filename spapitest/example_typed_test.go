package spapitest_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// The README's example: a generated client's typed surface on the runtime,
// against the offline sandbox. Every order across pages, within
// getOrders' rate limit and with a Restricted Data Token; a non-2xx
// answer as an *spapi.Error.
func Example_typedClient() {
	sb, err := spapitest.New(spapitest.Models("../../shared/models/spapi"), spapitest.Only("ordersV0.json"), spapitest.RequireAuth())
	if err != nil {
		log.Fatal(err)
	}
	sb.Start()
	defer sb.Close()

	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		log.Fatal(err)
	}
	orders, err := ordersv0.New(c)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	createdAfter := spapi.DateTimeOf("TEST_CASE_200_NEXT_TOKEN") // the sandbox case with two pages
	params := &ordersv0.GetOrdersParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}, CreatedAfter: &createdAfter}
	for order, err := range orders.GetOrdersItems(ctx, params) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(order.AmazonOrderID, order.OrderStatus)
	}

	var md spapi.ResponseMetadata
	_, err = orders.GetOrder(ctx, "TEST_CASE_400", spapi.WithMetadata(&md))
	var apiErr *spapi.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Errors[0].Code, md.RequestID != "")
	}
	// Output:
	// 902-3159896-1390916 Pending
	// 902-3159896-1390916 Pending
	// 400 InvalidInput true
}
