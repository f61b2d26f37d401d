package spapitest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"

	"github.com/spgen/spgen/generated/messaging"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
	"github.com/spgen/spgen/spapitest"
)

// A generated client calls the sandbox directly. In a test, use
// spapitest.Start(t, ...) instead of New and Start.
func Example() {
	sb, err := spapitest.New(spapitest.Models("../../shared/models/spapi"), spapitest.Only("messaging.json"))
	if err != nil {
		log.Fatal(err)
	}
	sb.Start()
	defer sb.Close()

	client, err := messaging.NewWithServer(sb.URL, messaging.WithHTTPClient(sb.Client()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	params := &messaging.GetAttributesParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}}

	var md spapi.ResponseMetadata
	resp, err := client.GetAttributes(ctx, "123-1234567-1234567", params, spapi.WithMetadata(&md))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(md.StatusCode, *resp.Buyer.Locale)

	// The case filed under 400 answers with its error.
	_, err = client.GetAttributes(ctx, "123-1234567-0000000", params)
	var se *spapi.Error
	fmt.Println(errors.As(err, &se), se.StatusCode, se.Errors[0].Code)
	// Output:
	// 200 en-US
	// true 400 InvalidInput
}

// The whole runtime (Login with Amazon, rate limits, retries) runs against
// the sandbox with its Config and Transport.
func ExampleServer_Config() {
	sb, err := spapitest.New(spapitest.Models("../../shared/models/spapi"), spapitest.Only("messaging.json"), spapitest.RequireAuth())
	if err != nil {
		log.Fatal(err)
	}
	sb.Start()
	defer sb.Close()

	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		log.Fatal(err)
	}
	client, err := messaging.New(c)
	if err != nil {
		log.Fatal(err)
	}
	var md spapi.ResponseMetadata
	_, err = client.GetAttributes(context.Background(), "123-1234567-1234567",
		&messaging.GetAttributesParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}}, spapi.WithMetadata(&md))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(md.StatusCode, md.Header.Get(spapitest.CaseHeader))
	// Output: 200 messaging.json GetAttributes 200 #0
}

// startExample serves the messaging model (with opts) and returns the
// sandbox and a generated messaging client calling it.
func startExample(opts ...spapitest.Option) (*spapitest.Server, *messaging.Client) {
	sb, err := spapitest.New(append([]spapitest.Option{spapitest.Models("../../shared/models/spapi"), spapitest.Only("messaging.json")}, opts...)...)
	if err != nil {
		log.Fatal(err)
	}
	sb.Start()
	client, err := messaging.NewWithServer(sb.URL, messaging.WithHTTPClient(sb.Client()))
	if err != nil {
		log.Fatal(err)
	}
	return sb, client
}

// A Responder answers the requests no case matches: here every
// getAttributes call for an order Amazon's cases do not know.
func ExampleRespond() {
	sb, client := startExample(spapitest.Respond("GetAttributes", func(c *spapitest.Call) *spapitest.Reply {
		return &spapitest.Reply{Status: 200, Body: map[string]any{"buyer": map[string]any{"locale": "de-DE"}}}
	}))
	defer sb.Close()
	resp, err := client.GetAttributes(context.Background(), "028-0000000-0000001",
		&messaging.GetAttributesParams{MarketplaceIds: []string{"A1PA6795UKMFR9"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*resp.Buyer.Locale, len(sb.Exchanges("GetAttributes")))
	// Output: de-DE 1
}

// The messaging actions of any order come with their JSON Schemas (the
// shared fixture next to the models, or MessagingActions).
func ExampleMessagingActions() {
	sb, client := startExample(spapitest.MessagingActions([]byte(`{"_links":{"self":{"href":"/messaging/v1/orders/1?marketplaceIds=X"}},
			"_embedded":{"actions":[{"name":"confirmOrderDetails",
				"_links":{"self":{"href":"/messaging/v1/orders/1/messages/confirmOrderDetails?marketplaceIds=X"}},
				"_embedded":{"schema":{"type":"object","properties":{"rawMessageBody":{"type":"string","maxLength":800}}}}}]}}`)))
	defer sb.Close()
	// The raw layer: the embedded schemas are read from the body as sent.
	resp, err := spapi.Check(client.Raw().GetMessagingActionsForOrder(context.Background(), "114-0000000-0000042",
		&messaging.GetMessagingActionsForOrderParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}}))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	acts, err := actionschema.ParseActionsResponse(body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(acts[0].Name, acts[0].Href)
	// Output: confirmOrderDetails /messaging/v1/orders/114-0000000-0000042/messages/confirmOrderDetails?marketplaceIds=ATVPDKIKX0DER
}
