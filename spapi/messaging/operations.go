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
type sendFunc func(ctx context.Context, api *messagingapi.ClientWithResponses, orderID string, marketplaceIDs []string, body io.Reader) (*http.Response, []byte, error)

const jsonContent = "application/json"

// operations maps each action name (the last segment of the operation's
// path, as getMessagingActionsForOrder names actions) to the generated
// operation that sends it. TestOperationsCoverModel keeps it in step with
// the model.
var operations = map[string]sendFunc{
	"confirmCustomizationDetails": func(ctx context.Context, api *messagingapi.ClientWithResponses, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		r, err := api.ConfirmCustomizationDetailsWithBodyWithResponse(ctx, id, &messagingapi.ConfirmCustomizationDetailsParams{MarketplaceIds: mp}, jsonContent, body)
		if err != nil {
			return nil, nil, err
		}
		return r.HTTPResponse, r.Body, nil
	},
	"confirmDeliveryDetails": func(ctx context.Context, api *messagingapi.ClientWithResponses, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		r, err := api.CreateConfirmDeliveryDetailsWithBodyWithResponse(ctx, id, &messagingapi.CreateConfirmDeliveryDetailsParams{MarketplaceIds: mp}, jsonContent, body)
		if err != nil {
			return nil, nil, err
		}
		return r.HTTPResponse, r.Body, nil
	},
	"legalDisclosure": func(ctx context.Context, api *messagingapi.ClientWithResponses, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		r, err := api.CreateLegalDisclosureWithBodyWithResponse(ctx, id, &messagingapi.CreateLegalDisclosureParams{MarketplaceIds: mp}, jsonContent, body)
		if err != nil {
			return nil, nil, err
		}
		return r.HTTPResponse, r.Body, nil
	},
	"confirmOrderDetails": func(ctx context.Context, api *messagingapi.ClientWithResponses, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		r, err := api.CreateConfirmOrderDetailsWithBodyWithResponse(ctx, id, &messagingapi.CreateConfirmOrderDetailsParams{MarketplaceIds: mp}, jsonContent, body)
		if err != nil {
			return nil, nil, err
		}
		return r.HTTPResponse, r.Body, nil
	},
	"confirmServiceDetails": func(ctx context.Context, api *messagingapi.ClientWithResponses, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		r, err := api.CreateConfirmServiceDetailsWithBodyWithResponse(ctx, id, &messagingapi.CreateConfirmServiceDetailsParams{MarketplaceIds: mp}, jsonContent, body)
		if err != nil {
			return nil, nil, err
		}
		return r.HTTPResponse, r.Body, nil
	},
	"warranty": func(ctx context.Context, api *messagingapi.ClientWithResponses, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		r, err := api.CreateWarrantyWithBodyWithResponse(ctx, id, &messagingapi.CreateWarrantyParams{MarketplaceIds: mp}, jsonContent, body)
		if err != nil {
			return nil, nil, err
		}
		return r.HTTPResponse, r.Body, nil
	},
	"digitalAccessKey": func(ctx context.Context, api *messagingapi.ClientWithResponses, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		r, err := api.CreateDigitalAccessKeyWithBodyWithResponse(ctx, id, &messagingapi.CreateDigitalAccessKeyParams{MarketplaceIds: mp}, jsonContent, body)
		if err != nil {
			return nil, nil, err
		}
		return r.HTTPResponse, r.Body, nil
	},
	"unexpectedProblem": func(ctx context.Context, api *messagingapi.ClientWithResponses, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		r, err := api.CreateUnexpectedProblemWithBodyWithResponse(ctx, id, &messagingapi.CreateUnexpectedProblemParams{MarketplaceIds: mp}, jsonContent, body)
		if err != nil {
			return nil, nil, err
		}
		return r.HTTPResponse, r.Body, nil
	},
	"invoice": func(ctx context.Context, api *messagingapi.ClientWithResponses, id string, mp []string, body io.Reader) (*http.Response, []byte, error) {
		r, err := api.SendInvoiceWithBodyWithResponse(ctx, id, &messagingapi.SendInvoiceParams{MarketplaceIds: mp}, jsonContent, body)
		if err != nil {
			return nil, nil, err
		}
		return r.HTTPResponse, r.Body, nil
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
