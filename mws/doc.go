// Package mws calls the Amazon Marketplace Web Service (MWS) operations
// that code written before the SP-API still uses: Orders ListOrders (with
// ListOrdersByNextToken, paged as an iterator), GetOrder, ListOrderItems
// (with ListOrderItemsByNextToken), Products GetMatchingProduct, and Feeds
// SubmitFeed and GetFeedSubmissionResult.
//
// Every request is signed with Signature Version 2 (parameters sorted by
// byte order and RFC 3986-encoded, "POST\nhost\npath\nquery" signed with
// HMAC-SHA256), waits for the operation's documented request quota
// (golang.org/x/time/rate, one bucket per throttling group), and is retried
// with backoff when Amazon answers 503 RequestThrottled. Responses are
// decoded into typed structs of the documented XML; an <ErrorResponse> is
// returned as an *Error.
//
// Amazon shut MWS down in 2024; the package serves the port of such code,
// against a stand-in or recorded traffic, and the README maps each call to
// its SP-API operation. The secret key and MWSAuthToken are spapi.Secret
// values and never appear in errors or logs.
//
// The package touches only the network, through the *http.Client it is
// given, and, for SubmitFeed of a feed that cannot seek, one temporary
// file (removed before SubmitFeed returns).
package mws
