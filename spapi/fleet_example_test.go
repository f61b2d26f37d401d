package spapi_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// One Fleet serves every seller who authorised the application: one
// transport, token cache, limiter and retry budget, and a cheap Client
// per seller. A seller whose authorisation was revoked fails alone, with
// an error saying so.
func ExampleNewFleet() {
	amazon, err := newSandbox(3, 10, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer amazon.Close()
	amazon.RevokeRefreshToken("Atzr|revoked-long-ago") // the seller removed the application

	sellers := &spapi.MemoryCredentials{} // your database, behind spapi.CredentialsProvider
	ctx := context.Background()
	sellers.SaveRefreshToken(ctx, "A1SELLERGOOD", "Atzr|good-seller")
	sellers.SaveRefreshToken(ctx, "A2SELLERGONE", "Atzr|revoked-long-ago")

	fleet, err := spapi.NewFleet(spapi.Config{
		Region:       spapi.NorthAmerica,
		Endpoint:     amazon.URL,                       // omit in production
		TokenURL:     amazon.URL + spapitest.TokenPath, // omit in production
		ClientID:     spapitest.SandboxClientID,
		ClientSecret: spapitest.SandboxClientSecret,
	}, sellers)
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range []string{"A1SELLERGOOD", "A2SELLERGONE"} {
		orders, err := ordersv0.New(fleet.Seller(id))
		if err != nil {
			log.Fatal(err)
		}
		resp, err := orders.GetOrders(ctx, &ordersv0.GetOrdersParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}})
		switch {
		case errors.Is(err, spapi.ErrRevoked):
			fmt.Println(id, "must authorise the application again")
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Println(id, len(resp.GetPayload().Orders), "orders")
		}
	}
	// Output:
	// A1SELLERGOOD 3 orders
	// A2SELLERGONE must authorise the application again
}

// Middleware added at a named step changes requests without replacing
// the transport: here every attempt on the wire carries a correlation
// header, and a StepCall middleware reads the call's statistics.
func ExampleWithMiddleware() {
	amazon, err := newSandbox(1, 10, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer amazon.Close()
	correlate := func(next http.RoundTripper) http.RoundTripper {
		return roundTrip(func(req *http.Request) (*http.Response, error) {
			req = req.Clone(req.Context())
			req.Header.Set("X-Correlation-Id", "job-7")
			return next.RoundTrip(req)
		})
	}
	report := func(next http.RoundTripper) http.RoundTripper {
		return roundTrip(func(req *http.Request) (*http.Response, error) {
			ctx, stats := spapi.WithCallStats(req.Context())
			resp, err := next.RoundTrip(req.WithContext(ctx))
			if op, ok := spapi.OperationFromContext(ctx); ok && op.ID == "getOrders" {
				fmt.Println(op.ID, "attempts:", stats.Attempts(), "throttled:", stats.Throttles())
			}
			return resp, err
		})
	}
	c, err := spapi.New(amazon.Config(),
		spapi.WithMiddleware(spapi.StepSend, "correlation-id", correlate),
		spapi.WithMiddleware(spapi.StepCall, "report", report))
	if err != nil {
		log.Fatal(err)
	}
	orders, _ := ordersv0.New(c)
	if _, err := orders.GetOrders(context.Background(), &ordersv0.GetOrdersParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// getOrders attempts: 1 throttled: 0
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
