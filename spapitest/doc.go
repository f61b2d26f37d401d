// Package spapitest is an offline Selling Partner API sandbox for tests. It
// serves every operation of Amazon's SP-API models on loopback from the
// request/response cases Amazon ships inside them (the x-amzn-api-sandbox
// extension: 913 static cases over 290 operations), validates each request
// against the model, and plays the Login with Amazon token endpoint and
// the presigned upload URLs, so that whole workflows run without network:
//
//	func TestSendInvoice(t *testing.T) {
//		sb := spapitest.Start(t, spapitest.Models("path/to/selling-partner-api-models/models"))
//		c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
//		...
//		msg, err := messaging.New(c)
//	}
//
// The same server runs standalone with `gen sandbox -addr 127.0.0.1:PORT`.
//
// # Answering from cases
//
// A request is routed to its operation by method and path template, then
// matched against the operation's cases: every parameter a case names must
// equal the request's (path, query and header parameters by value, arrays
// item by item; the body by containment: each field the case gives must be
// in the request body with an equal value, numbers compared numerically),
// and the parameters it does not name are wildcards. Of several matching
// cases the most specific answers (see [CaseHeader] to pick another). The
// response is the case's, with the status code it is filed under and the
// X-Sandbox-Case header naming it ([Case.ID]).
//
// Every request is first validated against the operation (kin-openapi
// openapi3filter: path, query, headers, body; date-times RFC 3339 or one of
// [DateTimeForms]), as on SP-API. A request the model rejects gets 400
// InvalidInput in the operation's error shape naming the parameter or
// body pointer and the reason, whatever cases exist, unless a case of a
// rejection ([IsRejection]: 400, 401, 403, 404, 413, 415, 422) matches it:
// many of Amazon's error cases are deliberately invalid requests. A valid
// request no case matches gets 400 (404 when a path parameter differs) in
// the operation's own error shape, naming the parameter that did not
// match, what it was and what the closest case expects. [Leniencies] lists
// where the sandbox is still softer than SP-API.
//
// Where only a case contradicts its model, the case is corrected
// ([Correction], spapitest/corrections) after the model overlays.
//
// The cases are read from the models after the overlays of package
// [github.com/spgen/spgen/models] and the generator's fix-ups, so the
// sandbox validates against exactly the document the generated clients
// were made from. A malformed case is a load error naming the model file
// and the case's JSON pointer.
//
// # Beyond the static cases
//
//   - POST /auth/o2/token plays Login with Amazon (refresh_token and
//     client_credentials grants); [Server.Config] points the spapi runtime
//     at it. With [RequireAuth], operations refuse requests without an
//     access token the sandbox issued, as SP-API does.
//   - createUploadDestinationForResource (Uploads API, which has no cases)
//     issues an upload destination whose URL is a presigned URL on
//     [UploadsHost] (not the SP-API host, so the runtime must keep its
//     token to itself); a PUT there must carry the URL's signature, no
//     unsigned x-amz-* header, the contentType and contentMD5 the
//     destination was created with, and a body that hashes to it. A request
//     body naming such a destination (after its upload) matches the
//     uploadDestinationId a case names, so "upload, then send a message
//     with the attachment" runs against Amazon's messaging cases.
//   - getMessagingActionsForOrder, for an order no case names, answers with
//     the actions and their JSON Schemas: [MessagingActions], or the shared
//     fixture [MessagingFixture] found next to the models. Each message
//     operation accepts a valid message for an action offered for the order
//     whose attachments were uploaded to the sandbox for that order and
//     action; offered actions the model lacks (negativeFeedbackRemoval) are
//     served at their path. So messaging.Client.Send runs whole.
//   - createRestrictedDataToken issues a Restricted Data Token when no case
//     matches, so the runtime's restricted operations work; the sandbox
//     serves it (POST /tokens/2021-03-01/restrictedDataToken, checking the
//     restrictedResources request shape) even when the tokens model is not
//     loaded ([Server.Builtins]).
//   - [Respond] adds a [Responder] for an operation: it answers the valid
//     requests no static case naming a value matches (a catch-all case that
//     names nothing does not shadow it), before the sandbox's own
//     responders (the upload destinations and tokens above).
//   - [Server.Exchanges] lists the requests the sandbox answered (operation,
//     body, status, case, seller, time, fault), for tests to check what a
//     workflow sent; headers are kept with their secrets redacted.
//
// # Stateful flows
//
// Beyond single answers, the sandbox plays the workflows integrations are
// built around, with state that later requests see:
//
//   - Reports (reports.go): createReport with a reportType no case names
//     starts a report; getReport sees it IN_QUEUE, IN_PROGRESS, then DONE
//     (one state per poll, see [Progress]; never by the wall clock), or
//     FATAL, or CANCELLED after cancelReport. Its document is the one
//     [ReportDocument] supplies, else the example of the report type's
//     schema (schemas/reports near the models), gzip-compressed with
//     [GzipDocuments]; getReportDocument points at it, getReports lists
//     the reports.
//   - Feeds (feeds.go, feedreport.go): createFeedDocument issues a
//     presigned upload URL bound to the content type (and checked against
//     Content-MD5), createFeed of that document starts a feed that
//     getFeed sees progress the same way, and DONE brings a processing
//     report derived from the upload: the MWS ProcessingReport for XML
//     feeds (every Message checked with the mwsxml types' validation, an
//     Error per violation under its MessageID), the listings feed
//     processing report for JSON_LISTINGS_FEED (checked against
//     listings-feed-schema-v2, an ERROR issue per violation under its
//     messageId); [FeedReport] replaces it. An XML feed whose envelope
//     is broken, or whose MessageType is not its feed type's, is Rejected
//     whole. With seeded orders, an order fulfillment feed ships them when
//     DONE, and a message naming an unknown order fails (18028).
//   - Orders (orders.go): [SeedOrders] fills an order store that getOrders,
//     getOrder, getOrderItems, getOrderAddress and getOrderBuyerInfo answer
//     from; confirmShipment ships items and moves the order to
//     PartiallyShipped or Shipped, which later answers show.
//   - Messaging (messaging.go): messages are checked against the served
//     action schema, attachments against the uploads (see above).
//   - Notifications (notify.go): when a report or feed ends, the sandbox
//     sends REPORT_PROCESSING_FINISHED or FEED_PROCESSING_FINISHED, as the
//     JSON body an SQS message carries, to [OnNotification] callbacks and
//     [Server.Notifications], so the handler a user wrote for the queue
//     (package spapi/notifications parses it) runs in the test too.
//
// Precedence, for a request valid against the model (flows.go):
//
//  0. A request that names a case matching it with [CaseHeader] gets
//     that case.
//  1. A request naming what a flow issued or holds (a reportId,
//     reportDocumentId, feedId or feedDocumentId the sandbox returned, a
//     seeded order, a createFeed of a feed document it issued) is answered
//     by the flow, whatever case matches.
//  2. Else a case naming a value the request matches answers: Amazon's
//     cases use magic values (reportType BAD_FEE_DISCOUNTS_REPORT, orderId
//     TEST_CASE_200, reportId ID323), which keep their answers.
//  3. Else, for a request that starts or lists flow state (createReport,
//     createFeedDocument; getReports and getFeeds once the flow has some;
//     getOrders with a seeded store), the responders given with [Respond],
//     then the flow. A case that names no value (Amazon files some
//     rejections under an empty request) does not shadow a flow.
//  4. Else a case that names no value, then the responders and the
//     sandbox's own responders, then the answer that no case matches.
//
// Amazon's cases use some realistic values too: a createFeedDocument for
// exactly "text/tab-separated-values; charset=UTF-8" gets Amazon's case
// (a CloudFront URL and a fixed feedDocumentId no flow knows), so a
// flat-file feed meant for the flow declares its content type otherwise
// (e.g. "text/tab-separated-values;charset=UTF-8").
//
// A models directory may hold other JSON files (JSON Schemas, OpenAPI 3
// documents): they are skipped, logged at warn level and listed by
// [Server.Skipped].
//   - [Server.Transport] sends every request to the sandbox whatever its
//     host: SP-API and LWA hosts reach those endpoints, any other host (the
//     S3 and CloudFront document URLs in feed and report cases) a document
//     store where PUT stores and GET returns. [Server.PutDocument] seeds a
//     document to download.
//
// # Usage plans
//
// Every operation has its usage plan ([Operation.Rate], [Operation.Burst]):
// from its model's Usage Plan table, or from Amazon's rate table
// ([RateTableFile], found next to the models) where the model has none.
// The sandbox counts each request against a token bucket per selling
// partner and operation; the selling partner is the one whose refresh
// token the request's access token (or Restricted Data Token) was issued
// for ([Exchange.Seller]), so two sellers have separate buckets. With
// [EnforcePlans] a request finding its bucket empty gets 429 QuotaExceeded
// in the operation's error shape, and every answer carries
// x-amzn-RateLimit-Limit; without it the request is served and marked
// ([Exchange.AbovePlan]). [Server.WithinPlans] (or AssertWithinPlans)
// reports the requests above their plans either way.
//
// # Virtual time
//
// The buckets, token lifetimes and added latency run on the sandbox's
// [Clock]. [NewVirtualClock] stands still until someone sleeps on it and
// then jumps, so a client on the same clock waits for its rate limiter
// and its retry backoff without wall time passing; 200 calls of a
// 0.5-per-second operation take milliseconds:
//
//	sb := spapitest.Start(t, spapitest.Models(dir), spapitest.EnforcePlans(),
//		spapitest.WithClock(spapitest.NewVirtualClock(time.Now())))
//	c, err := spapi.New(sb.Config(), sb.Options()...) // its transport and spapi.WithClock(sb.Clock())
//
// [NewScaledClock] runs faster than the wall by a factor instead, for
// clients outside the process (gen sandbox -time-scale).
//
// # Faults
//
// [WithFaults] injects faults per operation ([AllOperations] for every
// other), the token endpoint ([TokenEndpoint]) and the document store
// ([DocumentStore]), each at a rate: 429 throttling, 500 and 503 answers,
// connection resets (TCP RST) before or after the request body is read,
// expired access tokens (403 Unauthorized with x-amzn-ErrorType
// AccessDeniedException, as SP-API answers), revoked refresh tokens
// (invalid_grant), truncated documents and documents mislabelled
// Content-Encoding: gzip, plus added latency. They are deterministic: each
// target draws from its own PCG generator seeded with the seed and the
// target's name, one number per request in arrival order, so the same
// requests give the same faults on every run whatever the interleaving of
// requests to other targets. [Server.ExpireAccessTokens] and
// [Server.RevokeRefreshToken] do the same on demand.
//
// # Assertions
//
// Besides [Server.WithinPlans], [Server.NoDuplicatePosts] (or
// AssertNoDuplicatePosts) reports a POST sent again with the same
// operation, path and body after the server may have acted on the first
// copy (a re-send after 429, 401, 403 or a reset before the body was read
// is fine). The journal, the plan violations and the duplicates are served
// as JSON at [InspectPath] for tests in other languages.
//
// # What it touches
//
// It reads the models directory (and the messaging actions fixture near
// it, or the file given with [MessagingActionsFile], and the report
// schemas near it, [ReportSchemas], when a report needs an example),
// listens on a loopback port, and keeps uploaded documents, issued tokens
// and the flows' state in memory; it writes no files and reaches no
// network.
package spapitest
