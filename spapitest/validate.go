package spapitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// IsRejection reports whether a case filed under status shows how SP-API
// refuses a request (for its content, its authorisation or the resource
// it names), so that it may answer a request the model rejects: many of
// Amazon's error cases are deliberately invalid requests. Cases of the
// other statuses (429, 5xx, 408, 409) describe what befalls a valid
// request; an invalid request never gets them, nor a success.
func IsRejection(status int) bool {
	switch status {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity:
		return true
	}
	return false
}

// DateTimeForm is a date-time layout the sandbox accepts besides RFC 3339
// because Amazon's own success cases send it.
type DateTimeForm struct {
	// Layout is the time.Parse layout; Example a value of Amazon's cases
	// and Case the first case sending that form.
	Layout, Example, Case string
}

// DateTimeForms returns the non-RFC 3339 date-times Amazon's success
// cases send in requests (format date-time), so the live API evidently
// accepts them; the sandbox accepts exactly these forms besides RFC 3339
// and refuses any other (an empty string, "+0000" offsets, RFC 1123, ...).
func DateTimeForms() []DateTimeForm { return append([]DateTimeForm(nil), dateTimeForms...) }

var dateTimeForms = []DateTimeForm{
	{"2006-01-02T15:04:05.999999999", "2024-07-01T00:00:00", "InvoicesApiModel_2024-06-19.json createInvoicesExport 202 #0 (also getInvoices, vendorOrders getPurchaseOrders, getPurchaseOrdersStatus)"},
	{"2006-01-02T15:04:05.999999999Z07", "2020-01-01T00:00:00.00-07", "services.json updateSchedule 200 #0 (also createReservation, updateReservation)"},
	{"2006-01-02T15:04Z07:00", "2024-01-01T00:00Z", "fulfillmentInbound_2024-03-20.json generateTransportationOptions 202 #0"},
	{time.DateOnly, "2019-10-13", "financesV0.json listFinancialEventGroups 200 #0 (also finances_2024-06-19.json listTransactions)"},
}

// dateTimeFormat checks format date-time: RFC 3339, or one of
// DateTimeForms.
type dateTimeFormat struct{}

func (dateTimeFormat) Validate(v string) error {
	_, err := parseDateTime(v)
	return err
}

// parseDateTime reads a date-time the sandbox accepts: RFC 3339, or one
// of DateTimeForms (a form without a zone is UTC).
func parseDateTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	for _, f := range dateTimeForms {
		if t, err := time.Parse(f.Layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date-time (such as 2024-07-01T00:00:00Z)", v)
}

var validationOptions = []openapi3.SchemaValidationOption{
	openapi3.WithStringFormatValidators(map[string]openapi3.StringFormatValidator{"date-time": dateTimeFormat{}}),
}

// ValidationOptions returns the schema validation options the sandbox
// validates requests with: kin-openapi's defaults, except that date-time
// values are RFC 3339 or one of the few other forms Amazon's own sandbox
// cases send (see [DateTimeForms]).
func ValidationOptions() []openapi3.SchemaValidationOption {
	return append([]openapi3.SchemaValidationOption(nil), validationOptions...)
}

// validate checks the request against the operation in the model.
func (s *Server) validate(r *http.Request, op *Operation, vars map[string]string, body []byte) error {
	req := r.Clone(r.Context())
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: vars,
		Route: &routers.Route{Spec: op.model.Doc, Path: op.Path, PathItem: op.pathItem,
			Method: op.Method, Operation: op.Spec},
		Options: &openapi3filter.Options{
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults:     true,
			SchemaValidationOptions: validationOptions,
		},
	}
	return openapi3filter.ValidateRequest(context.WithoutCancel(r.Context()), input)
}
