package spapitest_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

func seedOrder(id, purchased string, status ordersv0.OrderOrderStatus, items ...ordersv0.OrderItem) spapitest.Order {
	mkt, channel := "ATVPDKIKX0DER", ordersv0.OrderFulfillmentChannelMFN
	unshipped := 0
	anyItems := make([]any, len(items))
	for i, it := range items {
		unshipped += it.QuantityOrdered
		anyItems[i] = it
	}
	shipped := 0
	return spapitest.Order{
		Order: ordersv0.Order{AmazonOrderID: id, PurchaseDate: purchased, LastUpdateDate: purchased, OrderStatus: status,
			MarketplaceID: &mkt, FulfillmentChannel: &channel, NumberOfItemsShipped: &shipped, NumberOfItemsUnshipped: &unshipped},
		Items: anyItems,
	}
}

// TestOrdersFlow: a seeded order store answers getOrders, getOrder and
// getOrderItems consistently through the typed ordersv0 client;
// confirmShipment ships items, which later answers show (PartiallyShipped,
// then Shipped); unknown orders and impossible confirmations are refused.
func TestOrdersFlow(t *testing.T) {
	const first, second, canceled = "114-0000001-0000001", "114-0000002-0000002", "114-0000003-0000003"
	sb := start(t, []string{"ordersV0.json"}, spapitest.SeedOrders(
		seedOrder(first, "2026-11-20T10:00:00Z", ordersv0.OrderOrderStatusUnshipped,
			ordersv0.OrderItem{ASIN: "B000000001", OrderItemID: "10000000000001", QuantityOrdered: 2},
			ordersv0.OrderItem{ASIN: "B000000002", OrderItemID: "10000000000002", QuantityOrdered: 1}),
		seedOrder(second, "2026-11-25T10:00:00Z", ordersv0.OrderOrderStatusUnshipped,
			ordersv0.OrderItem{ASIN: "B000000003", OrderItemID: "20000000000001", QuantityOrdered: 1}),
		seedOrder(canceled, "2026-11-26T10:00:00Z", ordersv0.OrderOrderStatusCanceled,
			ordersv0.OrderItem{ASIN: "B000000004", OrderItemID: "30000000000001", QuantityOrdered: 1}),
	))
	orders, err := ordersv0.New(flowRuntime(t, sb))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	list := func(params ordersv0.GetOrdersParams) []string {
		t.Helper()
		params.MarketplaceIds = []string{"ATVPDKIKX0DER"}
		var ids []string
		for o, err := range orders.GetOrdersItems(ctx, &params) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.AmazonOrderID+":"+string(o.OrderStatus))
		}
		return ids
	}
	after := spapi.DateTimeOf("2026-11-21T00:00:00Z")
	if got := strings.Join(list(ordersv0.GetOrdersParams{CreatedAfter: &after}), " "); got != second+":Unshipped "+canceled+":Canceled" {
		t.Errorf("created after 21 Nov: %s", got)
	}
	// Paged one at a time: the iterator follows NextToken.
	since := spapi.DateTimeOf("2026-11-01T00:00:00Z")
	one := 1
	if got := list(ordersv0.GetOrdersParams{CreatedAfter: &since, MaxResultsPerPage: &one, OrderStatuses: []string{"Unshipped"}}); strings.Join(got, " ") != first+":Unshipped "+second+":Unshipped" {
		t.Errorf("unshipped, one per page: %v", got)
	}

	confirm := func(id string, items ...ordersv0.ConfirmShipmentOrderItem) error {
		_, err := orders.ConfirmShipment(ctx, id, ordersv0.ConfirmShipmentRequest{
			MarketplaceID: "ATVPDKIKX0DER",
			PackageDetail: ordersv0.PackageDetail{PackageReferenceID: "1", CarrierCode: "USPS", TrackingNumber: "9400100000000000000001",
				ShipDate: spapi.DateTimeOf("2026-11-30T12:00:00Z"), OrderItems: items},
		})
		return err
	}
	if err := confirm(first, ordersv0.ConfirmShipmentOrderItem{OrderItemID: "10000000000001", Quantity: 2}); err != nil {
		t.Fatal(err)
	}
	o, err := orders.GetOrder(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if o.Payload.OrderStatus != ordersv0.OrderOrderStatusPartiallyShipped || *o.Payload.NumberOfItemsShipped != 2 || *o.Payload.NumberOfItemsUnshipped != 1 {
		t.Errorf("after shipping 2 of 3: %s, %d shipped, %d unshipped", o.Payload.OrderStatus, *o.Payload.NumberOfItemsShipped, *o.Payload.NumberOfItemsUnshipped)
	}
	// Too many, an unknown item, a canceled order: refused, state unchanged.
	var apiErr *spapi.Error
	for name, err := range map[string]error{
		"more than ordered": confirm(first, ordersv0.ConfirmShipmentOrderItem{OrderItemID: "10000000000002", Quantity: 2}),
		"unknown item":      confirm(first, ordersv0.ConfirmShipmentOrderItem{OrderItemID: "99999999999999", Quantity: 1}),
		"canceled order":    confirm(canceled, ordersv0.ConfirmShipmentOrderItem{OrderItemID: "30000000000001", Quantity: 1}),
	} {
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := confirm(first, ordersv0.ConfirmShipmentOrderItem{OrderItemID: "10000000000002", Quantity: 1}); err != nil {
		t.Fatal(err)
	}

	// getOrder, getOrderItems, getOrders and the store agree.
	o, err = orders.GetOrder(ctx, first)
	if err != nil || o.Payload.OrderStatus != ordersv0.OrderOrderStatusShipped || o.Payload.LastUpdateDate == "2026-11-20T10:00:00Z" {
		t.Fatalf("getOrder after shipping all: %+v %v", o.Payload, err)
	}
	items, err := orders.GetOrderItems(ctx, first, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items.Payload.OrderItems {
		if it.QuantityShipped == nil || *it.QuantityShipped != it.QuantityOrdered {
			t.Errorf("item %s: %v of %d shipped", it.OrderItemID, it.QuantityShipped, it.QuantityOrdered)
		}
	}
	if got := list(ordersv0.GetOrdersParams{CreatedAfter: &since, OrderStatuses: []string{"Shipped"}}); strings.Join(got, " ") != first+":Shipped" {
		t.Errorf("shipped orders: %v", got)
	}
	raw, ok := sb.Order(first)
	var stored ordersv0.Order
	if !ok || json.Unmarshal(raw, &stored) != nil || stored.OrderStatus != ordersv0.OrderOrderStatusShipped {
		t.Errorf("Server.Order: %s", raw)
	}
	if err := confirm(first, ordersv0.ConfirmShipmentOrderItem{OrderItemID: "10000000000002", Quantity: 1}); !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("confirming a Shipped order: %v", err)
	}

	// An order the store lacks: 404; Amazon's magic values keep their cases.
	if _, err := orders.GetOrder(ctx, "114-9999999-9999999"); !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Errorf("unknown order: %v", err)
	}
	if err := confirm("114-9999999-9999999", ordersv0.ConfirmShipmentOrderItem{OrderItemID: "1", Quantity: 1}); !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Errorf("confirmShipment of an unknown order: %v", err)
	}
	if o, err := orders.GetOrder(ctx, "TEST_CASE_200"); err != nil || o.Payload == nil || o.Payload.AmazonOrderID == "" {
		t.Errorf("the case's order: %v", err)
	}
}

// TestSeedOrdersRefusesInvalidOrders: a seeded order the model rejects is
// an error of New naming the order and the reason.
func TestSeedOrdersRefusesInvalidOrders(t *testing.T) {
	_, err := spapitest.New(spapitest.Models(modelsDir), spapitest.Only("ordersV0.json"), spapitest.SeedOrders(
		spapitest.Order{Order: map[string]any{"AmazonOrderId": "114-0000001-0000001", "OrderStatus": "Lost"}}))
	if err == nil || !strings.Contains(err.Error(), "order #0 (114-0000001-0000001): invalid against the model at /OrderStatus: value is not one of the allowed values") {
		t.Fatalf("New: %v", err)
	}
	_, err = spapitest.New(spapitest.Models(modelsDir), spapitest.Only("ordersV0.json"), spapitest.SeedOrders(seedOrder("114-0000001-0000001", "20 Nov 2026", "Unshipped")))
	if err == nil || !strings.Contains(err.Error(), `order #0 (114-0000001-0000001): PurchaseDate: "20 Nov 2026" is not an RFC 3339 date-time`) {
		t.Fatalf("New with an unreadable PurchaseDate: %v", err)
	}
	_, err = spapitest.New(spapitest.Models(modelsDir), spapitest.Only("feeds_2021-06-30.json"), spapitest.SeedOrders(seedOrder("114-0000001-0000001", "2026-11-20T10:00:00Z", "Unshipped")))
	if err == nil || !strings.Contains(err.Error(), "ordersV0.json") {
		t.Fatalf("New without the orders model: %v", err)
	}
}
