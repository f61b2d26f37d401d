package spapitest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// The order store (Orders API v0): the orders a test seeds with
// [SeedOrders] answer getOrder, getOrderItems, getOrderAddress and
// getOrderBuyerInfo by their AmazonOrderId, and getOrders lists them
// (filtered by MarketplaceIds, CreatedAfter/Before, LastUpdatedAfter/
// Before, OrderStatuses, FulfillmentChannels and AmazonOrderIds, paged by
// MaxResultsPerPage) when no case naming a value matches. confirmShipment
// of a seeded order ships the items it names: their QuantityShipped
// grows, the order's NumberOfItemsShipped/Unshipped follow, and its
// OrderStatus becomes PartiallyShipped or Shipped, which later getOrder,
// getOrders and getOrderItems answers show. An order ID the store does
// not hold is answered from Amazon's cases (404 for any other).

// Order is an order to seed the store with.
type Order struct {
	// Order is the order as getOrder's payload carries it: an
	// ordersv0.Order, or any value that encodes to that JSON. It must be
	// valid against the model's Order (AmazonOrderId, PurchaseDate,
	// LastUpdateDate and OrderStatus are required).
	Order any
	// Items are its order items as getOrderItems lists them
	// (ordersv0.OrderItem values or their JSON), each valid against the
	// model's OrderItem.
	Items []any
}

// SeedOrders fills the sandbox's order store (the Orders API v0 model
// must be served). An order or item that does not encode to a valid
// Order or OrderItem of the model, or a repeated AmazonOrderId, is an
// error of [New] naming the order and what is wrong.
func SeedOrders(orders ...Order) Option {
	return func(c *config) { c.flow.orders = append(c.flow.orders, orders...) }
}

// storedOrder is an order of the store, as decoded JSON.
type storedOrder struct {
	order map[string]any
	items []map[string]any
}

// orderStore holds the seeded orders.
type orderStore struct {
	s      *Server
	mu     sync.Mutex
	orders map[string]*storedOrder
	ids    []string // AmazonOrderIds in seeding order
}

func newOrderStore(s *Server, seeds []Order) (*orderStore, error) {
	st := &orderStore{s: s, orders: map[string]*storedOrder{}}
	orderSchema, err := payloadSchema(s, "getOrder", "")
	if err != nil {
		return nil, err
	}
	itemSchema, err := payloadSchema(s, "getOrderItems", "OrderItems")
	if err != nil {
		return nil, err
	}
	for i, seed := range seeds {
		at := fmt.Sprintf("spapitest: SeedOrders: order #%d", i)
		o, err := encodeSeed(seed.Order)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", at, err)
		}
		id := str(o["AmazonOrderId"])
		at += " (" + id + ")"
		if err := checkSeed(o, orderSchema); err != nil {
			return nil, fmt.Errorf("%s: %w", at, err)
		}
		// getOrders filters on these dates: one it cannot read would drop
		// the order from every listing silently.
		for _, field := range []string{"PurchaseDate", "LastUpdateDate"} {
			if _, err := parseDateTime(str(o[field])); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", at, field, err)
			}
		}
		if st.orders[id] != nil {
			return nil, fmt.Errorf("%s: AmazonOrderId %s is seeded twice", at, id)
		}
		so := &storedOrder{order: o}
		for j, it := range seed.Items {
			item, err := encodeSeed(it)
			if err == nil {
				err = checkSeed(item, itemSchema)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: item #%d: %w", at, j, err)
			}
			so.items = append(so.items, item)
		}
		st.orders[id] = so
		st.ids = append(st.ids, id)
	}
	return st, nil
}

// payloadSchema is the schema of the payload of op's 200 response (of its
// array property list when given, that array's items).
func payloadSchema(s *Server, opID, list string) (*openapi3.Schema, error) {
	for _, m := range s.models {
		for _, op := range m.Operations {
			if op.ID != opID {
				continue
			}
			resp := op.Spec.Responses.Status(http.StatusOK)
			if resp == nil || resp.Value == nil {
				break
			}
			mt := resp.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
				break
			}
			p := mt.Schema.Value.Properties["payload"]
			if p == nil || p.Value == nil {
				break
			}
			if list == "" {
				return p.Value, nil
			}
			if l := p.Value.Properties[list]; l != nil && l.Value != nil && l.Value.Items != nil && l.Value.Items.Value != nil {
				return l.Value.Items.Value, nil
			}
		}
	}
	return nil, fmt.Errorf("spapitest: SeedOrders: the served %s has no 200 payload schema", opID)
}

// encodeSeed encodes v as a JSON object.
func encodeSeed(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("does not encode to JSON: %w", err)
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		return nil, fmt.Errorf("does not encode to JSON: %w", err)
	}
	obj, ok := generic.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("encodes to %s, not a JSON object", describe(generic))
	}
	return obj, nil
}

// checkSeed validates a seeded object against its model schema; the
// error names the JSON pointer and the reason.
func checkSeed(obj map[string]any, schema *openapi3.Schema) error {
	err := schema.VisitJSON(any(obj), ValidationOptions()...)
	if err == nil {
		return nil
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid against the model at /%s: %s", strings.Join(se.JSONPointer(), "/"), se.Reason)
	}
	return fmt.Errorf("invalid against the model: %w", err)
}

// orders returns the order store, nil when no orders were seeded.
func (s *Server) orders() *orderStore {
	for _, f := range s.flows {
		if st, ok := f.(*orderStore); ok {
			return st
		}
	}
	return nil
}

// Order returns the stored order with its current state as getOrder's
// payload carries it (decode it into an ordersv0.Order), and whether the
// store holds it.
func (s *Server) Order(amazonOrderID string) (json.RawMessage, bool) {
	st := s.orders()
	if st == nil {
		return nil, false
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	o := st.orders[amazonOrderID]
	if o == nil {
		return nil, false
	}
	b, err := json.Marshal(o.order)
	return b, err == nil
}

func (st *orderStore) owned(c *Call) *Reply {
	id, ok := c.PathParams["orderId"]
	if !ok {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	o := st.orders[id]
	if o == nil {
		return nil
	}
	switch c.Operation {
	case "getOrder":
		return payloadReply(o.order, "order "+id+" of the store")
	case "getOrderItems":
		return payloadReply(map[string]any{"AmazonOrderId": id, "OrderItems": o.items}, fmt.Sprintf("%d items of order %s", len(o.items), id))
	case "getOrderAddress":
		p := map[string]any{"AmazonOrderId": id}
		if a, ok := o.order["ShippingAddress"]; ok {
			p["ShippingAddress"] = a
		}
		return payloadReply(p, "address of order "+id)
	case "getOrderBuyerInfo":
		p := map[string]any{"AmazonOrderId": id}
		if b, ok := o.order["BuyerInfo"].(map[string]any); ok {
			for k, v := range b {
				p[k] = v
			}
		}
		return payloadReply(p, "buyer info of order "+id)
	case "confirmShipment":
		return st.confirm(c, id, o)
	}
	return nil
}

func (st *orderStore) fresh(c *Call) (func() *Reply, bool) {
	if c.Operation != "getOrders" {
		return nil, false
	}
	return func() *Reply { return st.list(c) }, true
}

// confirm applies confirmShipment to o; st.mu is held.
func (st *orderStore) confirm(c *Call, id string, o *storedOrder) *Reply {
	body, _ := c.Body.(map[string]any)
	if mkt, want := str(body["marketplaceId"]), str(o.order["MarketplaceId"]); want != "" && mkt != want {
		return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("order %s is in marketplace %s, not %s", id, want, mkt))
	}
	if why := shippable(id, o); why != "" {
		return c.Error(http.StatusBadRequest, CodeInvalidInput, why)
	}
	pkg, _ := body["packageDetail"].(map[string]any)
	confirmed, _ := pkg["orderItems"].([]any)
	adds := map[int]int{}
	for i, e := range confirmed {
		ci, _ := e.(map[string]any)
		itemID := str(ci["orderItemId"])
		qty, err := strconv.Atoi(str(ci["quantity"]))
		at := fmt.Sprintf("body.packageDetail.orderItems[%d]", i)
		if err != nil || qty < 1 {
			return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("%s.quantity: %q is not a positive quantity", at, str(ci["quantity"])))
		}
		j := slices.IndexFunc(o.items, func(it map[string]any) bool { return str(it["OrderItemId"]) == itemID })
		if j < 0 {
			return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("%s.orderItemId: order %s has no item %q", at, id, itemID))
		}
		adds[j] += qty
		if left := quantity(o.items[j]["QuantityOrdered"]) - quantity(o.items[j]["QuantityShipped"]); adds[j] > left {
			return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("%s.quantity: item %s of order %s has %d left to ship, not %d", at, itemID, id, left, adds[j]))
		}
	}
	st.ship(o, adds)
	shipped, ordered := o.counts()
	return &Reply{Status: http.StatusNoContent, Note: fmt.Sprintf("order %s is %s (%d of %d items shipped)", id, o.order["OrderStatus"], shipped, ordered)}
}

// ship adds the quantities (by item index) to the items' QuantityShipped,
// at most what is left of each, and updates the order's counts, status and
// LastUpdateDate; st.mu is held.
func (st *orderStore) ship(o *storedOrder, adds map[int]int) {
	for j, n := range adds {
		left := quantity(o.items[j]["QuantityOrdered"]) - quantity(o.items[j]["QuantityShipped"])
		o.items[j]["QuantityShipped"] = quantity(o.items[j]["QuantityShipped"]) + min(n, left)
	}
	shipped, ordered := o.counts()
	o.order["NumberOfItemsShipped"] = shipped
	o.order["NumberOfItemsUnshipped"] = ordered - shipped
	o.order["OrderStatus"] = "PartiallyShipped"
	if shipped == ordered {
		o.order["OrderStatus"] = "Shipped"
	}
	o.order["LastUpdateDate"] = st.s.now().Format(time.RFC3339)
}

// counts returns how many of the order's units are shipped and ordered.
func (o *storedOrder) counts() (shipped, ordered int) {
	for _, it := range o.items {
		shipped += quantity(it["QuantityShipped"])
		ordered += quantity(it["QuantityOrdered"])
	}
	return shipped, ordered
}

// shippable says why o cannot be shipped ("" when it can).
func shippable(id string, o *storedOrder) string {
	switch status := str(o.order["OrderStatus"]); status {
	case "Unshipped", "PartiallyShipped":
		return ""
	default:
		return fmt.Sprintf("order %s is %s; only Unshipped and PartiallyShipped orders can be confirmed", id, status)
	}
}

// quantity is a decoded JSON count (0 when absent).
func quantity(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	case int:
		return x
	case json.Number:
		n, _ := x.Int64()
		return int(n)
	}
	return 0
}

// list answers getOrders from the store.
func (st *orderStore) list(c *Call) *Reply {
	q := c.Query
	ids := splitList(q["AmazonOrderIds"])
	if len(ids) == 0 && q.Get("CreatedAfter") == "" && q.Get("LastUpdatedAfter") == "" && q.Get("NextToken") == "" {
		return c.Error(http.StatusBadRequest, CodeInvalidInput, "either CreatedAfter or LastUpdatedAfter must be given (or AmazonOrderIds)")
	}
	bounds := []struct {
		param, field string
		after        bool
	}{
		{"CreatedAfter", "PurchaseDate", true}, {"CreatedBefore", "PurchaseDate", false},
		{"LastUpdatedAfter", "LastUpdateDate", true}, {"LastUpdatedBefore", "LastUpdateDate", false},
	}
	limits := map[string]time.Time{}
	for _, b := range bounds {
		if v := q.Get(b.param); v != "" {
			t, err := parseDateTime(v)
			if err != nil {
				return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("query parameter %q: %q is not an ISO 8601 date-time", b.param, v))
			}
			limits[b.param] = t
		}
	}
	size := 100
	if n, err := strconv.Atoi(q.Get("MaxResultsPerPage")); err == nil && n > 0 {
		size = n
	}
	from := 0
	if tok := q.Get("NextToken"); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 {
			return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("NextToken %q is not one the sandbox issued", tok))
		}
		from = n
	}
	mkts := splitList(q["MarketplaceIds"])
	statuses := splitList(q["OrderStatuses"])
	channels := splitList(q["FulfillmentChannels"])
	st.mu.Lock()
	defer st.mu.Unlock()
	var all []map[string]any
	for _, id := range st.ids {
		o := st.orders[id].order
		if (len(ids) > 0 && !slices.Contains(ids, id)) || !slices.Contains(mkts, str(o["MarketplaceId"])) ||
			(len(statuses) > 0 && !slices.Contains(statuses, str(o["OrderStatus"]))) ||
			(len(channels) > 0 && !slices.Contains(channels, str(o["FulfillmentChannel"]))) {
			continue
		}
		in := true
		for _, b := range bounds {
			limit, ok := limits[b.param]
			if !ok {
				continue
			}
			t, err := parseDateTime(str(o[b.field]))
			in = in && err == nil && (b.after && !t.Before(limit) || !b.after && t.Before(limit))
		}
		if in {
			all = append(all, o)
		}
	}
	page := []map[string]any{}
	if from < len(all) {
		page = all[from:min(from+size, len(all))]
	}
	payload := map[string]any{"Orders": page}
	if from+size < len(all) {
		payload["NextToken"] = strconv.Itoa(from + size)
	}
	if v := q.Get("CreatedAfter"); v != "" {
		payload["CreatedBefore"] = st.s.now().Format(time.RFC3339)
	} else {
		payload["LastUpdatedBefore"] = st.s.now().Format(time.RFC3339)
	}
	return payloadReply(payload, fmt.Sprintf("%d of the store's orders", len(page)))
}

// payloadReply is an Orders API v0 success: {"payload": payload}.
func payloadReply(payload any, note string) *Reply {
	b, err := json.Marshal(map[string]any{"payload": payload})
	if err != nil {
		return &Reply{Status: http.StatusInternalServerError, Body: map[string]any{"errors": []any{map[string]any{"code": "InternalFailure", "message": err.Error()}}}}
	}
	return &Reply{Status: http.StatusOK, Body: json.RawMessage(b), Note: note}
}
