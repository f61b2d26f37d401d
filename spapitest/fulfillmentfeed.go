package spapitest

import (
	"fmt"

	"github.com/spgen/spgen/mwsxml"
)

// An order fulfillment feed (POST_ORDER_FULFILLMENT_DATA) acts on the
// order store when orders were seeded ([SeedOrders]): each valid
// OrderFulfillment message must name a seeded order, by AmazonOrderID or
// by MerchantOrderID (the order's SellerOrderId), that can still ship,
// and items of it by AmazonOrderItemCode (its OrderItemId); when the feed
// is DONE, the quantities (all that is left of an item without one; every
// item when the message names none) are shipped as confirmShipment ships
// them. Without seeded orders, fulfillment messages are only validated.

// Result message codes of fulfillment messages the order store refuses.
const (
	// XMLCodeOrderNotFound is Amazon's code for a message naming an order
	// it does not have.
	XMLCodeOrderNotFound = 18028
	// XMLCodeOrderState is the sandbox's code for an order that cannot
	// ship (not Unshipped or PartiallyShipped) or an item it lacks or has
	// too few of.
	XMLCodeOrderState = 90001
)

// fulfil checks one fulfillment message against the store. It returns the
// result code and description of a refusal, or the shipment to apply when
// the feed is DONE.
func (st *orderStore) fulfil(of *mwsxml.OrderFulfillment) (code int64, problem string, apply func()) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var id string
	var o *storedOrder
	switch {
	case of.AmazonOrderID != nil:
		id = string(*of.AmazonOrderID)
		o = st.orders[id]
	case of.MerchantOrderID != nil:
		id = string(*of.MerchantOrderID)
		for _, oid := range st.ids {
			if str(st.orders[oid].order["SellerOrderId"]) == id {
				o = st.orders[oid]
				break
			}
		}
	}
	if o == nil {
		return XMLCodeOrderNotFound, fmt.Sprintf("The order id %s was not found in our system.", id), nil
	}
	if why := shippable(id, o); why != "" {
		return XMLCodeOrderState, why, nil
	}
	adds := map[int]int{}
	if len(of.Item) == 0 {
		for j, it := range o.items {
			adds[j] = quantity(it["QuantityOrdered"]) - quantity(it["QuantityShipped"])
		}
	}
	for i, item := range of.Item {
		if item.AmazonOrderItemCode == nil {
			return XMLCodeOrderState, fmt.Sprintf("Item[%d]: the sandbox's order store names items by AmazonOrderItemCode (OrderItemId)", i+1), nil
		}
		code := string(*item.AmazonOrderItemCode)
		j := -1
		for k, it := range o.items {
			if str(it["OrderItemId"]) == code {
				j = k
			}
		}
		if j < 0 {
			return XMLCodeOrderState, fmt.Sprintf("Item[%d]: order %s has no item %s", i+1, id, code), nil
		}
		left := quantity(o.items[j]["QuantityOrdered"]) - quantity(o.items[j]["QuantityShipped"])
		n := left
		if item.Quantity != nil {
			n = int(*item.Quantity)
		}
		adds[j] += n
		if adds[j] > left {
			return XMLCodeOrderState, fmt.Sprintf("Item[%d]: item %s of order %s has %d left to ship, not %d", i+1, code, id, left, adds[j]), nil
		}
	}
	return 0, "", func() {
		st.mu.Lock()
		defer st.mu.Unlock()
		st.ship(o, adds)
	}
}
