package mws

import (
	"context"
	"errors"
	"iter"
	"strconv"
	"time"
)

// Orders API 2013-09-01.
const (
	ordersPath    = "/Orders/2013-09-01"
	ordersVersion = "2013-09-01"
)

// Money is an amount with its currency.
type Money struct {
	CurrencyCode string `xml:"CurrencyCode"`
	Amount       string `xml:"Amount"`
}

// Address is a shipping address.
type Address struct {
	Name          string `xml:"Name"`
	AddressLine1  string `xml:"AddressLine1"`
	AddressLine2  string `xml:"AddressLine2"`
	AddressLine3  string `xml:"AddressLine3"`
	City          string `xml:"City"`
	County        string `xml:"County"`
	District      string `xml:"District"`
	StateOrRegion string `xml:"StateOrRegion"`
	PostalCode    string `xml:"PostalCode"`
	CountryCode   string `xml:"CountryCode"`
	Phone         string `xml:"Phone"`
	AddressType   string `xml:"AddressType"`
}

// Order is an order as ListOrders and GetOrder return it.
type Order struct {
	AmazonOrderID          string    `xml:"AmazonOrderId"`
	SellerOrderID          string    `xml:"SellerOrderId"`
	PurchaseDate           time.Time `xml:"PurchaseDate"`
	LastUpdateDate         time.Time `xml:"LastUpdateDate"`
	OrderStatus            string    `xml:"OrderStatus"`
	FulfillmentChannel     string    `xml:"FulfillmentChannel"`
	SalesChannel           string    `xml:"SalesChannel"`
	ShipServiceLevel       string    `xml:"ShipServiceLevel"`
	ShippingAddress        *Address  `xml:"ShippingAddress"`
	OrderTotal             *Money    `xml:"OrderTotal"`
	NumberOfItemsShipped   int       `xml:"NumberOfItemsShipped"`
	NumberOfItemsUnshipped int       `xml:"NumberOfItemsUnshipped"`
	PaymentMethod          string    `xml:"PaymentMethod"`
	MarketplaceID          string    `xml:"MarketplaceId"`
	BuyerEmail             string    `xml:"BuyerEmail"`
	BuyerName              string    `xml:"BuyerName"`
	OrderType              string    `xml:"OrderType"`
	EarliestShipDate       time.Time `xml:"EarliestShipDate"`
	LatestShipDate         time.Time `xml:"LatestShipDate"`
	IsBusinessOrder        bool      `xml:"IsBusinessOrder"`
	IsPrime                bool      `xml:"IsPrime"`
}

// OrderItem is an item of an order (ListOrderItems).
type OrderItem struct {
	ASIN              string `xml:"ASIN"`
	SellerSKU         string `xml:"SellerSKU"`
	OrderItemID       string `xml:"OrderItemId"`
	Title             string `xml:"Title"`
	QuantityOrdered   int    `xml:"QuantityOrdered"`
	QuantityShipped   int    `xml:"QuantityShipped"`
	ItemPrice         *Money `xml:"ItemPrice"`
	ShippingPrice     *Money `xml:"ShippingPrice"`
	ItemTax           *Money `xml:"ItemTax"`
	ShippingTax       *Money `xml:"ShippingTax"`
	PromotionDiscount *Money `xml:"PromotionDiscount"`
	ConditionID       string `xml:"ConditionId"`
}

// ResponseMetadata carries the RequestId of every response.
type ResponseMetadata struct {
	RequestID string `xml:"RequestId"`
}

// ListOrdersResult is the result element of ListOrders and
// ListOrdersByNextToken.
type ListOrdersResult struct {
	NextToken         string    `xml:"NextToken"`
	CreatedBefore     time.Time `xml:"CreatedBefore"`
	LastUpdatedBefore time.Time `xml:"LastUpdatedBefore"`
	Orders            []Order   `xml:"Orders>Order"`
}

type listOrdersResponse struct {
	Result           ListOrdersResult `xml:"ListOrdersResult"`
	NextResult       ListOrdersResult `xml:"ListOrdersByNextTokenResult"`
	ResponseMetadata ResponseMetadata `xml:"ResponseMetadata"`
}

// ListOrdersRequest filters ListOrders. CreatedAfter or LastUpdatedAfter
// is required.
type ListOrdersRequest struct {
	MarketplaceIDs     []string
	CreatedAfter       time.Time
	CreatedBefore      time.Time
	LastUpdatedAfter   time.Time
	LastUpdatedBefore  time.Time
	OrderStatus        []string
	FulfillmentChannel []string
	MaxResultsPerPage  int
}

func (r *ListOrdersRequest) params() (map[string]string, error) {
	if len(r.MarketplaceIDs) == 0 {
		return nil, errors.New("mws: ListOrders: at least one MarketplaceId is required")
	}
	if r.CreatedAfter.IsZero() == r.LastUpdatedAfter.IsZero() {
		return nil, errors.New("mws: ListOrders: exactly one of CreatedAfter and LastUpdatedAfter is required")
	}
	p := map[string]string{}
	listParams(p, "MarketplaceId.Id", r.MarketplaceIDs)
	listParams(p, "OrderStatus.Status", r.OrderStatus)
	listParams(p, "FulfillmentChannel.Channel", r.FulfillmentChannel)
	for name, t := range map[string]time.Time{"CreatedAfter": r.CreatedAfter, "CreatedBefore": r.CreatedBefore, "LastUpdatedAfter": r.LastUpdatedAfter, "LastUpdatedBefore": r.LastUpdatedBefore} {
		if !t.IsZero() {
			p[name] = timeParam(t)
		}
	}
	if r.MaxResultsPerPage > 0 {
		p["MaxResultsPerPage"] = strconv.Itoa(r.MaxResultsPerPage)
	}
	return p, nil
}

// ListOrdersPage calls ListOrders, or ListOrdersByNextToken when
// nextToken is not empty, and returns one page.
func (c *Client) ListOrdersPage(ctx context.Context, req *ListOrdersRequest, nextToken string) (*ListOrdersResult, error) {
	cl := &call{path: ordersPath, version: ordersVersion}
	if nextToken != "" {
		cl.action, cl.params = "ListOrdersByNextToken", map[string]string{"NextToken": nextToken}
	} else {
		p, err := req.params()
		if err != nil {
			return nil, err
		}
		cl.action, cl.params = "ListOrders", p
	}
	var resp listOrdersResponse
	if err := c.decode(ctx, cl, &resp); err != nil {
		return nil, err
	}
	if nextToken != "" {
		return &resp.NextResult, nil
	}
	return &resp.Result, nil
}

// ListOrders yields every order matching req, following NextToken with
// ListOrdersByNextToken page after page within the shared quota. An error
// ends the sequence (yielded with a zero Order).
func (c *Client) ListOrders(ctx context.Context, req *ListOrdersRequest) iter.Seq2[Order, error] {
	return func(yield func(Order, error) bool) {
		token := ""
		for {
			page, err := c.ListOrdersPage(ctx, req, token)
			if err != nil {
				yield(Order{}, err)
				return
			}
			for _, o := range page.Orders {
				if !yield(o, nil) {
					return
				}
			}
			if page.NextToken == "" {
				return
			}
			token = page.NextToken
		}
	}
}

type getOrderResponse struct {
	Orders           []Order          `xml:"GetOrderResult>Orders>Order"`
	ResponseMetadata ResponseMetadata `xml:"ResponseMetadata"`
}

// GetOrder returns the orders with the given AmazonOrderIds (up to 50).
func (c *Client) GetOrder(ctx context.Context, amazonOrderIDs ...string) ([]Order, error) {
	if len(amazonOrderIDs) == 0 || len(amazonOrderIDs) > 50 {
		return nil, errors.New("mws: GetOrder: between 1 and 50 AmazonOrderIds are required")
	}
	p := map[string]string{}
	listParams(p, "AmazonOrderId.Id", amazonOrderIDs)
	var resp getOrderResponse
	if err := c.decode(ctx, &call{action: "GetOrder", path: ordersPath, version: ordersVersion, params: p}, &resp); err != nil {
		return nil, err
	}
	return resp.Orders, nil
}

// ListOrderItemsResult is the result element of ListOrderItems and
// ListOrderItemsByNextToken.
type ListOrderItemsResult struct {
	NextToken     string      `xml:"NextToken"`
	AmazonOrderID string      `xml:"AmazonOrderId"`
	OrderItems    []OrderItem `xml:"OrderItems>OrderItem"`
}

type listOrderItemsResponse struct {
	Result     ListOrderItemsResult `xml:"ListOrderItemsResult"`
	NextResult ListOrderItemsResult `xml:"ListOrderItemsByNextTokenResult"`
}

// ListOrderItems yields the items of an order, following NextToken with
// ListOrderItemsByNextToken.
func (c *Client) ListOrderItems(ctx context.Context, amazonOrderID string) iter.Seq2[OrderItem, error] {
	return func(yield func(OrderItem, error) bool) {
		if amazonOrderID == "" {
			yield(OrderItem{}, errors.New("mws: ListOrderItems: AmazonOrderId is required"))
			return
		}
		cl := &call{action: "ListOrderItems", path: ordersPath, version: ordersVersion, params: map[string]string{"AmazonOrderId": amazonOrderID}}
		for {
			var resp listOrderItemsResponse
			if err := c.decode(ctx, cl, &resp); err != nil {
				yield(OrderItem{}, err)
				return
			}
			page := &resp.Result
			if cl.action != "ListOrderItems" {
				page = &resp.NextResult
			}
			for _, it := range page.OrderItems {
				if !yield(it, nil) {
					return
				}
			}
			if page.NextToken == "" {
				return
			}
			cl = &call{action: "ListOrderItemsByNextToken", path: ordersPath, version: ordersVersion, params: map[string]string{"NextToken": page.NextToken}}
		}
	}
}
