package messaging

import (
	"context"
	"io"
	"net/http"
	"sort"

	messagingapi "github.com/spgen/spgen/generated/messaging"
)

// sendFunc calls one action's operation of the generated Messaging API
// client with a JSON body and returns the raw response.
type sendFunc func(ctx context.Context, api *messagingapi.RawClient, orderID string, marketplaceIDs []string, body io.Reader) (*http.Response, []byte, error)

const jsonContent = "application/json"

// maxResponse bounds a message operation's response body.
const maxResponse = 1 << 20

// read reads the response of a raw client call (closing it).
func read(resp *http.Response, err error) (*http.Response, []byte, error) {
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	return resp, body, err
}

// operations maps each action name (the last segment of the operation's
// path, as getMessagingActionsForOrder names actions) to the generated
// operation that sends it. TestOperationsCoverModel keeps it in step with
// the model.
var operations = map[string]sendFunc{
	"confirmCustomizationDetails": func(ctx context.Context, api *messagingapi.RawClient, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		return read(api.ConfirmCustomizationDetailsWithBody(ctx, id, &messagingapi.ConfirmCustomizationDetailsParams{MarketplaceIds: mp}, jsonContent, body))
	},
	"confirmDeliveryDetails": func(ctx context.Context, api *messagingapi.RawClient, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		return read(api.CreateConfirmDeliveryDetailsWithBody(ctx, id, &messagingapi.CreateConfirmDeliveryDetailsParams{MarketplaceIds: mp}, jsonContent, body))
	},
	"legalDisclosure": func(ctx context.Context, api *messagingapi.RawClient, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		return read(api.CreateLegalDisclosureWithBody(ctx, id, &messagingapi.CreateLegalDisclosureParams{MarketplaceIds: mp}, jsonContent, body))
	},
	"confirmOrderDetails": func(ctx context.Context, api *messagingapi.RawClient, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		return read(api.CreateConfirmOrderDetailsWithBody(ctx, id, &messagingapi.CreateConfirmOrderDetailsParams{MarketplaceIds: mp}, jsonContent, body))
	},
	"confirmServiceDetails": func(ctx context.Context, api *messagingapi.RawClient, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		return read(api.CreateConfirmServiceDetailsWithBody(ctx, id, &messagingapi.CreateConfirmServiceDetailsParams{MarketplaceIds: mp}, jsonContent, body))
	},
	"warranty": func(ctx context.Context, api *messagingapi.RawClient, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		return read(api.CreateWarrantyWithBody(ctx, id, &messagingapi.CreateWarrantyParams{MarketplaceIds: mp}, jsonContent, body))
	},
	"digitalAccessKey": func(ctx context.Context, api *messagingapi.RawClient, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		return read(api.CreateDigitalAccessKeyWithBody(ctx, id, &messagingapi.CreateDigitalAccessKeyParams{MarketplaceIds: mp}, jsonContent, body))
	},
	"unexpectedProblem": func(ctx context.Context, api *messagingapi.RawClient, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		return read(api.CreateUnexpectedProblemWithBody(ctx, id, &messagingapi.CreateUnexpectedProblemParams{MarketplaceIds: mp}, jsonContent, body))
	},
	"invoice": func(ctx context.Context, api *messagingapi.RawClient, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		return read(api.SendInvoiceWithBody(ctx, id, &messagingapi.SendInvoiceParams{MarketplaceIds: mp}, jsonContent, body))
	},
}

// ModelActions returns, sorted, the actions Send calls through a generated
// operation of the Messaging model; other offered actions are posted to
// their path directly.
func ModelActions() []string {
	out := make([]string, 0, len(operations))
	for a := range operations {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
