package spapi_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/spgen/spgen/spapitest"
)

// sandbox is spapitest's offline SP-API (Login with Amazon,
// createRestrictedDataToken, ordersV0 and reports) for the examples and
// the tests that use generated clients, with getOrders paging through a
// fixed set of orders and getReports through a number of reports: the
// requests no case of Amazon's answers.
type sandbox struct {
	*spapitest.Server
	orders []string
}

// newSandbox starts a sandbox whose getOrders pages through orders
// orders, pageSize at a time (and refuses a token that is no Restricted
// Data Token), and whose getReports pages through reports reports.
// Close it when done.
func newSandbox(orders, pageSize, reports int) (*sandbox, error) {
	sb := &sandbox{}
	for i := range orders {
		sb.orders = append(sb.orders, fmt.Sprintf("902-3159896-%07d", 1230000+i))
	}
	srv, err := spapitest.New(spapitest.Models("../../shared/models/spapi"),
		spapitest.Only("ordersV0.json", "reports_2021-06-30.json"),
		spapitest.RequireAuth(),
		spapitest.Respond("getOrders", func(c *spapitest.Call) *spapitest.Reply { return sb.getOrders(c, pageSize) }),
		spapitest.Respond("getReports", func(c *spapitest.Call) *spapitest.Reply { return getReports(c, reports) }))
	if err != nil {
		return nil, err
	}
	srv.Start()
	sb.Server = srv
	return sb, nil
}

func (sb *sandbox) getOrders(c *spapitest.Call, pageSize int) *spapitest.Reply {
	if !strings.HasPrefix(c.Header.Get("x-amz-access-token"), "Atz.sprdt|") {
		return c.Error(403, spapitest.CodeUnauthorized, "getOrders needs a Restricted Data Token")
	}
	start := 0
	if t := c.Query.Get("NextToken"); t != "" {
		start, _ = strconv.Atoi(strings.TrimPrefix(t, "page-"))
	}
	end := min(start+pageSize, len(sb.orders))
	orders := []map[string]any{}
	for _, id := range sb.orders[start:end] {
		orders = append(orders, map[string]any{"AmazonOrderId": id, "PurchaseDate": "2024-05-01T10:00:00Z",
			"LastUpdateDate": "2024-05-01T11:00:00Z", "OrderStatus": "Unshipped"})
	}
	payload := map[string]any{"Orders": orders}
	if end < len(sb.orders) {
		payload["NextToken"] = fmt.Sprintf("page-%d", end)
	}
	return &spapitest.Reply{Status: 200, Body: map[string]any{"payload": payload}}
}

// getReports demands, as SP-API does, that a next-page request carries
// nextToken alone.
func getReports(c *spapitest.Call, reports int) *spapitest.Reply {
	if c.Query.Has("nextToken") && len(c.Query) > 1 {
		return c.Error(400, spapitest.CodeInvalidInput, "nextToken must be the only parameter")
	}
	page := 0
	if t := c.Query.Get("nextToken"); t != "" {
		page, _ = strconv.Atoi(t)
	}
	out := map[string]any{"reports": []map[string]any{{"reportId": strconv.Itoa(page), "reportType": "GET_FLAT_FILE_OPEN_LISTINGS_DATA",
		"createdTime": "2024-05-01T10:00:00Z", "processingStatus": "DONE"}}}
	if page+1 < reports {
		out["nextToken"] = strconv.Itoa(page + 1)
	}
	return &spapitest.Reply{Status: 200, Body: out}
}

// rdtDataElements returns the data elements of each
// createRestrictedDataToken request the sandbox got.
func (sb *sandbox) rdtDataElements() ([][]string, error) {
	var out [][]string
	for _, e := range sb.Exchanges("createRestrictedDataToken") {
		var req struct {
			RestrictedResources []struct {
				DataElements []string `json:"dataElements"`
			} `json:"restrictedResources"`
		}
		if err := json.Unmarshal(e.Body, &req); err != nil || len(req.RestrictedResources) == 0 {
			return nil, fmt.Errorf("createRestrictedDataToken body %s: %v", e.Body, err)
		}
		out = append(out, req.RestrictedResources[0].DataElements)
	}
	return out, nil
}
