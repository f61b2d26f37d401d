package spapitest_test

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/generated/feeds20210630"
	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/generated/schemas/notifications/feedprocessingfinishednotification"
	"github.com/spgen/spgen/mwsxml"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/documents"
	"github.com/spgen/spgen/spapi/documents/xmlfeeds"
	"github.com/spgen/spgen/spapi/notifications"
	"github.com/spgen/spgen/spapitest"
)

// fulfillment is a shipping confirmation of order with one item.
func fulfillment(order, item, tracking string) *mwsxml.OrderFulfillment {
	id := mwsxml.AmazonOrderID(order)
	return &mwsxml.OrderFulfillment{
		AmazonOrderID:   &id,
		FulfillmentDate: mwsxml.NewDateTime(time.Date(2026, 11, 30, 14, 30, 0, 0, time.UTC)),
		FulfillmentData: &mwsxml.OrderFulfillmentData{
			CarrierName:           mwsxml.Ptr[mwsxml.String]("USPS"),
			ShippingMethod:        mwsxml.Ptr[mwsxml.String]("USPS First Class"),
			ShipperTrackingNumber: mwsxml.Ptr[mwsxml.String](mwsxml.String(tracking)),
		},
		Item: []mwsxml.OrderFulfillmentItem{{AmazonOrderItemCode: mwsxml.Ptr(mwsxml.AmazonOrderItemCode(item)), Quantity: mwsxml.Ptr[int64](1)}},
	}
}

// TestXMLFulfillmentFeedFlow: an OrderFulfillment feed built and
// submitted by xmlfeeds (createFeedDocument, upload, createFeed, getFeed
// polls, the processing report downloaded) gets a processing report the
// sandbox derived from the upload: the message that breaks
// OrderFulfillment.xsd (an AmazonOrderID off its pattern) is reported by
// its MessageID with an Error, the two valid ones succeed, and
// FEED_PROCESSING_FINISHED names the report document.
func TestXMLFulfillmentFeedFlow(t *testing.T) {
	sb := start(t, []string{"feeds_2021-06-30.json"}, spapitest.GzipDocuments())
	feeds, err := documents.NewFeeds(flowRuntime(t, sb), fastPoll)
	if err != nil {
		t.Fatal(err)
	}
	head := &mwsxml.AmazonEnvelope{
		Header:      &mwsxml.Header{DocumentVersion: "1.01", MerchantIdentifier: "A2SELLER"},
		MessageType: mwsxml.AmazonEnvelopeMessageTypeOrderFulfillment,
	}
	sent := []*mwsxml.OrderFulfillment{
		fulfillment("114-1234567-1234567", "11111111111111", "9400100000000000000001"),
		fulfillment("not-an-order-id", "22222222222222", "9400100000000000000002"),
		fulfillment("114-7654321-7654321", "33333333333333", "9400100000000000000003"),
	}
	messages := func(yield func(*mwsxml.Message) bool) {
		for _, f := range sent {
			if !yield(&mwsxml.Message{OrderFulfillment: f}) {
				return
			}
		}
	}
	// The writer's own validation is off so that the invalid message
	// reaches the sandbox, as it would reach Amazon from another tool.
	res, err := xmlfeeds.SubmitFeed(context.Background(), feeds, xmlfeeds.FeedTypeOrderFulfillment, []string{"ATVPDKIKX0DER"}, head, messages, mwsxml.WithValidation(false))
	var fe *mwsxml.FeedError
	if !errors.As(err, &fe) {
		t.Fatalf("SubmitFeed: %v, want the report's *mwsxml.FeedError", err)
	}
	if res.Status != feeds20210630.FeedProcessingStatusDONE || res.Report == nil || res.Messages != 3 {
		t.Fatalf("result %+v", res)
	}
	processed, ok, failed, _ := res.Report.Counts()
	if processed != 3 || ok != 2 || failed != 1 || res.Report.StatusCode != mwsxml.ProcessingReportStatusCodeComplete {
		t.Errorf("counts %d/%d/%d, status %s", processed, ok, failed, res.Report.StatusCode)
	}
	if fmt.Sprint(res.Report.DocumentTransactionID) != res.FeedID {
		t.Errorf("DocumentTransactionID %d, feed %s", res.Report.DocumentTransactionID, res.FeedID)
	}
	bad, found := res.Report.Result(2)
	if !found || len(bad.Errors) != 1 || bad.Errors[0].ResultMessageCode != spapitest.XMLCodeInvalid ||
		!strings.Contains(bad.Errors[0].ResultDescription, "AmazonOrderID") || !strings.Contains(bad.Errors[0].ResultDescription, "pattern") {
		t.Errorf("message 2: %+v (found %v)", bad, found)
	}
	for _, id := range []int64{1, 3} {
		if r, found := res.Report.Result(id); found {
			t.Errorf("valid message %d is reported: %+v", id, r)
		}
	}
	if len(fe.Failed) != 1 || fe.Failed[0].MessageID != 2 {
		t.Errorf("FeedError %v", fe)
	}

	// The notification, with the result document getFeed named.
	notes := sb.Notifications()
	if len(notes) != 1 {
		t.Fatalf("%d notifications", len(notes))
	}
	n, err := notifications.Parse(notes[0])
	if err != nil {
		t.Fatal(err)
	}
	v, isFeed := n.Value.(*feedprocessingfinishednotification.FeedProcessingFinishedNotification)
	if !isFeed || n.Type != spapitest.FeedProcessingFinished {
		t.Fatalf("notification %s %T", n.Type, n.Value)
	}
	p := v.Payload.FeedProcessingFinishedNotification
	api, err := feeds20210630.New(flowRuntime(t, sb))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := api.GetFeed(context.Background(), res.FeedID)
	if err != nil {
		t.Fatal(err)
	}
	if p.FeedID != res.FeedID || p.ProcessingStatus != "DONE" || p.FeedType != xmlfeeds.FeedTypeOrderFulfillment ||
		p.ResultFeedDocumentID == nil || feed.ResultFeedDocumentID == nil || *p.ResultFeedDocumentID != *feed.ResultFeedDocumentID {
		t.Errorf("payload %+v, feed %+v", p, feed)
	}
}

// TestFeedDocumentUploadIsChecked: the presigned URL of a feed document
// takes the content type it was created for and a matching Content-MD5,
// and a feed whose document was never uploaded ends FATAL.
func TestFeedDocumentUploadIsChecked(t *testing.T) {
	sb := start(t, []string{"feeds_2021-06-30.json"})
	rt := flowRuntime(t, sb)
	api, err := feeds20210630.New(rt)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	doc, err := api.CreateFeedDocument(ctx, feeds20210630.CreateFeedDocumentSpecification{ContentType: xmlfeeds.FeedContentType})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.URL, "https://"+spapitest.UploadsHost+"/") {
		t.Fatalf("feed document URL %s", doc.URL)
	}
	const body = `<?xml version="1.0"?><AmazonEnvelope/>`
	sum := md5.Sum([]byte(body))
	put := func(contentType, contentMD5 string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPut, doc.URL, strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		if contentMD5 != "" {
			req.Header.Set("Content-MD5", contentMD5)
		}
		resp, err := sb.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := put("application/json", ""); got != http.StatusForbidden {
		t.Errorf("another content type: HTTP %d", got)
	}
	if got := put(xmlfeeds.FeedContentType, base64.StdEncoding.EncodeToString(make([]byte, 16))); got != http.StatusBadRequest {
		t.Errorf("a wrong Content-MD5: HTTP %d", got)
	}
	// Nothing stored yet: a feed of this document ends FATAL.
	created, err := api.CreateFeed(ctx, feeds20210630.CreateFeedSpecification{FeedType: xmlfeeds.FeedTypeOrderFulfillment,
		MarketplaceIds: []string{"ATVPDKIKX0DER"}, InputFeedDocumentID: doc.FeedDocumentID})
	if err != nil {
		t.Fatal(err)
	}
	var last *feeds20210630.Feed
	for range 3 {
		if last, err = api.GetFeed(ctx, created.FeedID); err != nil {
			t.Fatal(err)
		}
	}
	if last.ProcessingStatus != feeds20210630.FeedProcessingStatusFATAL || last.ResultFeedDocumentID != nil {
		t.Errorf("a feed of a document never uploaded: %+v", last)
	}
	if got := put(xmlfeeds.FeedContentType, base64.StdEncoding.EncodeToString(sum[:])); got != http.StatusOK {
		t.Fatalf("the right upload: HTTP %d", got)
	}
	// An envelope without a Header or messages: reported for MessageID 0.
	created, err = api.CreateFeed(ctx, feeds20210630.CreateFeedSpecification{FeedType: xmlfeeds.FeedTypeOrderFulfillment,
		MarketplaceIds: []string{"ATVPDKIKX0DER"}, InputFeedDocumentID: doc.FeedDocumentID})
	if err != nil {
		t.Fatal(err)
	}
	feeds, err := documents.NewFeeds(rt, fastPoll)
	if err != nil {
		t.Fatal(err)
	}
	feed, err := feeds.Wait(ctx, created.FeedID)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := feeds.Result(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	rep, err := mwsxml.ReadReport(rc)
	if err != nil {
		t.Fatal(err)
	}
	if r, found := rep.Result(0); !found || len(r.Errors) == 0 || !strings.Contains(r.Errors[0].ResultDescription, "Header") ||
		rep.StatusCode != mwsxml.ProcessingReportStatusCodeRejected {
		t.Errorf("envelope without Header: %s %+v", rep.StatusCode, rep.Messages)
	}
	// Cancelling a finished feed is refused.
	_, err = api.CancelFeed(ctx, created.FeedID)
	var apiErr *spapi.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("cancelFeed of a DONE feed: %v", err)
	}
}

// TestFulfillmentFeedShipsSeededOrders: with a seeded order store, an
// OrderFulfillment feed ships the orders it names once DONE (getOrder then
// says Shipped), and a message naming an order the store lacks fails with
// Amazon's 18028; a feed whose MessageType is not its feed type's is
// Rejected whole.
func TestFulfillmentFeedShipsSeededOrders(t *testing.T) {
	const known = "114-1234567-1234567"
	sb := start(t, []string{"feeds_2021-06-30.json", "ordersV0.json"}, spapitest.SeedOrders(
		seedOrder(known, "2026-11-20T10:00:00Z", ordersv0.OrderOrderStatusUnshipped,
			ordersv0.OrderItem{ASIN: "B000000001", OrderItemID: "11111111111111", QuantityOrdered: 1})))
	rt := flowRuntime(t, sb)
	feeds, err := documents.NewFeeds(rt, fastPoll)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := xmlfeeds.SubmitFulfillment(ctx, feeds, "A2SELLER", []string{"ATVPDKIKX0DER"},
		fulfillment(known, "11111111111111", "9400100000000000000001"),
		fulfillment("114-0000000-0000000", "22222222222222", "9400100000000000000002"))
	var fe *mwsxml.FeedError
	if !errors.As(err, &fe) || len(fe.Failed) != 1 || fe.Failed[0].MessageID != 2 {
		t.Fatalf("SubmitFulfillment: %v", err)
	}
	if m, _ := res.Report.Result(2); m.Errors[0].ResultMessageCode != spapitest.XMLCodeOrderNotFound || !strings.Contains(m.Errors[0].ResultDescription, "114-0000000-0000000") {
		t.Errorf("message 2: %+v", m)
	}
	orders, err := ordersv0.New(rt)
	if err != nil {
		t.Fatal(err)
	}
	o, err := orders.GetOrder(ctx, known)
	if err != nil || o.Payload.OrderStatus != ordersv0.OrderOrderStatusShipped {
		t.Fatalf("the fulfilled order: %+v %v", o, err)
	}
	// Shipped now: a second fulfillment of it is refused.
	_, err = xmlfeeds.SubmitFulfillment(ctx, feeds, "A2SELLER", []string{"ATVPDKIKX0DER"}, fulfillment(known, "11111111111111", "9400100000000000000003"))
	if !errors.As(err, &fe) || len(fe.Failed) != 1 || fe.Failed[0].Errors[0].ResultMessageCode != spapitest.XMLCodeOrderState {
		t.Errorf("fulfilling a Shipped order: %v", err)
	}

	head := &mwsxml.AmazonEnvelope{Header: &mwsxml.Header{DocumentVersion: "1.01", MerchantIdentifier: "A2SELLER"}, MessageType: mwsxml.AmazonEnvelopeMessageTypeOrderFulfillment}
	one := func(yield func(*mwsxml.Message) bool) {
		yield(&mwsxml.Message{OrderFulfillment: fulfillment(known, "11111111111111", "T")})
	}
	res, err = xmlfeeds.SubmitFeed(ctx, feeds, "POST_INVENTORY_AVAILABILITY_DATA", []string{"ATVPDKIKX0DER"}, head, one)
	if !errors.As(err, &fe) || fe.Status != mwsxml.ProcessingReportStatusCodeRejected || res == nil || res.Report == nil {
		t.Fatalf("an OrderFulfillment envelope as an inventory feed: %v", err)
	}
	if m, ok := res.Report.Result(0); !ok || !strings.Contains(m.Errors[0].ResultDescription, "takes Inventory messages") {
		t.Errorf("rejection %+v", m)
	}
}

// TestFlowPrecedence: a createFeedDocument no case names a value of
// starts the flow although Amazon's 400 case (an empty body) contains it;
// naming that case with X-Sandbox-Case gets the case; Amazon's
// tab-separated contentType gets its 201 case, not the flow.
func TestFlowPrecedence(t *testing.T) {
	sb := start(t, []string{"feeds_2021-06-30.json"})
	const path = "/feeds/2021-06-30/documents"
	r := do(t, sb, "POST", path, `{"contentType":"text/xml; charset=UTF-8"}`)
	if r.status != 201 || r.header.Get(spapitest.CaseHeader) != "" || !strings.Contains(string(r.body), "sandbox-feed-document-1") {
		t.Errorf("the flow: HTTP %d case %q %s", r.status, r.header.Get(spapitest.CaseHeader), r.body)
	}
	r = do(t, sb, "POST", path, `{"contentType":"text/xml; charset=UTF-8"}`, spapitest.CaseHeader, "feeds_2021-06-30.json createFeedDocument 400 #0")
	if r.status != 400 || r.header.Get(spapitest.CaseHeader) != "feeds_2021-06-30.json createFeedDocument 400 #0" {
		t.Errorf("the named case: HTTP %d case %q", r.status, r.header.Get(spapitest.CaseHeader))
	}
	r = do(t, sb, "POST", path, `{"contentType":"text/tab-separated-values; charset=UTF-8"}`)
	if r.status != 201 || r.header.Get(spapitest.CaseHeader) != "feeds_2021-06-30.json createFeedDocument 201 #0" {
		t.Errorf("Amazon's value: HTTP %d case %q", r.status, r.header.Get(spapitest.CaseHeader))
	}
}
