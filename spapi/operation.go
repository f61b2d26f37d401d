package spapi

import "context"

// Operation describes one SP-API operation as the model declares it. Every
// generated package has one *Operation per operation (see its Operations
// function) and attaches it to the context of each request it builds, so
// that the limiter, the retry policy and the logs know which operation a
// request is without matching paths again.
type Operation struct {
	// ID is the operationId exactly as in the model, e.g. "getOrders".
	ID string
	// API is the Go package name of the generated client, e.g. "ordersv0";
	// together with ID it names the operation uniquely across all models.
	API string
	// Method is the HTTP method in upper case.
	Method string
	// Path is the path template, e.g. "/orders/v0/orders/{orderId}".
	Path string
	// Rate is the sustained rate in requests per second from the model's
	// "Usage Plan" table (or Amazon's SDK rate table, see RateSource), and
	// Burst its burst size. Both are zero when neither gives one.
	Rate  float64
	Burst int
	// RateSource says where Rate and Burst come from: "model" (the
	// operation's Usage Plan table) or "rate-limits.yml" (Amazon's SDK rate
	// table, for operations whose model has no usable table).
	RateSource string
	// Restricted reports whether the operation returns restricted data
	// (personally identifiable information) and so needs a Restricted Data
	// Token instead of the LWA access token.
	Restricted bool
	// DataElements are the kinds of restricted data a Restricted Data Token
	// for this operation asks for (e.g. "buyerInfo", "shippingAddress").
	DataElements []string
	// SpecificPath reports whether a Restricted Data Token for the
	// operation must name the request's actual path rather than its path
	// template, as Amazon's Tokens API guide requires for some operations
	// (e.g. getReportDocument).
	SpecificPath bool
	// Paging is non-nil for operations that return one page at a time.
	Paging *Paging
}

// HasUsagePlan reports whether the model gives a rate for the operation.
func (o *Operation) HasUsagePlan() bool { return o != nil && o.Rate > 0 }

// Idempotent reports whether the operation's method may be re-sent safely
// (GET, HEAD, OPTIONS).
func (o *Operation) Idempotent() bool {
	switch o.Method {
	case "GET", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// Paging says how an operation pages: which request parameter carries the
// token of the next page, and where the response holds it.
type Paging struct {
	// TokenParam is the request parameter's name, e.g. "NextToken".
	TokenParam string
	// TokenIn is where the parameter goes: "query" or "body".
	TokenIn string
	// ResponseToken is the path of JSON object keys from the response body's
	// root to the next page's token, e.g. ["payload", "NextToken"].
	ResponseToken []string
	// TokenOnly reports whether the request for a next page must carry the
	// token as its only parameter, as getReports and getFeeds demand
	// ("Specifying nextToken with any other parameters will cause the
	// request to fail").
	TokenOnly bool
}

type operationKey struct{}

// WithOperation returns a copy of ctx that carries op. Generated clients call
// it for every request they build.
func WithOperation(ctx context.Context, op *Operation) context.Context {
	return context.WithValue(ctx, operationKey{}, op)
}

// OperationFromContext returns the operation a request's context carries.
func OperationFromContext(ctx context.Context) (*Operation, bool) {
	op, ok := ctx.Value(operationKey{}).(*Operation)
	return op, ok && op != nil
}
