package xmlfeeds

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/generated/feeds20210630"
	"github.com/spgen/spgen/mwsxml"
	"github.com/spgen/spgen/spapitest"
)

func shipment(order, item, tracking string) *mwsxml.OrderFulfillment {
	return &mwsxml.OrderFulfillment{
		AmazonOrderID:   mwsxml.Ptr(mwsxml.AmazonOrderID(order)),
		FulfillmentDate: mwsxml.NewDateTime(time.Date(2024, 3, 5, 14, 30, 0, 0, time.UTC)),
		FulfillmentData: &mwsxml.OrderFulfillmentData{
			CarrierName:           mwsxml.Ptr[mwsxml.String]("USPS"),
			ShippingMethod:        mwsxml.Ptr[mwsxml.String]("USPS First Class"),
			ShipperTrackingNumber: mwsxml.Ptr(mwsxml.String(tracking)),
		},
		Item: []mwsxml.OrderFulfillmentItem{{AmazonOrderItemCode: mwsxml.Ptr(mwsxml.AmazonOrderItemCode(item)), Quantity: mwsxml.Ptr[int64](1)}},
	}
}

// TestSubmitFulfillmentEndToEnd runs the whole fulfillment feed flow
// against the sandbox: build → createFeedDocument → upload → createFeed →
// poll → download (gzip) → parse the processing report.
func TestSubmitFulfillmentEndToEnd(t *testing.T) {
	sb := newSandbox(t, "112-3456789-0123456", "112-1111111-1111111")
	feeds := feedsClient(t, sb)
	ctx := context.Background()

	res, err := SubmitFulfillment(ctx, feeds, "A1EXAMPLE2SELLER", []string{"ATVPDKIKX0DER"},
		shipment("112-3456789-0123456", seedItem("112-3456789-0123456"), "9400111899223197428490"),
		shipment("112-0000000-0000000", "12345678901299", "9400111899223197428491"),
	)
	// The second order is unknown to Amazon: the report says so and the
	// flow returns it as a *FeedError next to the result.
	var fe *mwsxml.FeedError
	if !errors.As(err, &fe) || len(fe.Failed) != 1 || fe.Failed[0].MessageID != 2 {
		t.Fatalf("err = %v", err)
	}
	if res == nil || res.Status != feeds20210630.FeedProcessingStatusDONE || res.Messages != 2 || res.FeedID == "" {
		t.Fatalf("result = %+v", res)
	}
	if p, s, e, _ := res.Report.Counts(); p != 2 || s != 1 || e != 1 {
		t.Errorf("counts %d/%d/%d", p, s, e)
	}
	if m, ok := res.Report.Result(2); !ok || !strings.Contains(m.Errors[0].ResultDescription, "112-0000000-0000000") {
		t.Errorf("MessageID 2 result = %+v", m)
	}

	// What was uploaded: one valid envelope, whose MD5 is the one reported.
	ups := uploads(t, sb)
	if len(ups) != 1 {
		t.Fatalf("%d uploads", len(ups))
	}
	up := ups[0]
	if msg := schemaErrors(t, up); msg != "" {
		t.Errorf("uploaded feed does not validate: %s", msg)
	}
	sum := md5.Sum(up)
	if res.ContentMD5 != base64.StdEncoding.EncodeToString(sum[:]) || res.Size != int64(len(up)) {
		t.Errorf("ContentMD5 %s / size %d do not describe the upload", res.ContentMD5, res.Size)
	}
	if !bytes.Contains(up, []byte("<MessageID>2</MessageID><OrderFulfillment><AmazonOrderID>112-0000000-0000000</AmazonOrderID>")) {
		t.Errorf("upload lacks the second message:\n%s", up)
	}
	want := []string{
		"createFeedDocument",
		"PUT " + spapitest.UploadsPath,
		"createFeed",
		"getFeed",
		"getFeed",
		"getFeed",
		"getFeedDocument",
		"GET /spgen-sandbox/",
	}
	got := calls(sb)
	if len(got) != len(want) {
		t.Fatalf("calls %v", got)
	}
	for i, c := range got {
		if !strings.HasPrefix(c, want[i]) {
			t.Errorf("call %d = %s, want %s…", i, c, want[i])
		}
	}

	// All orders known: no error.
	if _, err := SubmitFulfillment(ctx, feeds, "A1EXAMPLE2SELLER", []string{"ATVPDKIKX0DER"},
		shipment("112-1111111-1111111", seedItem("112-1111111-1111111"), "1Z999")); err != nil {
		t.Errorf("clean feed: %v", err)
	}
}

// TestSubmitFulfillmentInvalid: a message that breaks the schema stops the
// flow before anything is uploaded.
func TestSubmitFulfillmentInvalid(t *testing.T) {
	sb := newSandbox(t)
	feeds := feedsClient(t, sb)
	_, err := SubmitFulfillment(context.Background(), feeds, "A1EXAMPLE2SELLER", []string{"ATVPDKIKX0DER"},
		shipment("A", "B", "C"))
	var ve *mwsxml.ValidationError
	if !errors.As(err, &ve) || ve.Violations[0].MessageID != "1" {
		t.Fatalf("err = %v", err)
	}
	if got := calls(sb); len(got) != 0 {
		t.Errorf("Amazon was called: %v", got)
	}
	if _, err := SubmitFulfillment(context.Background(), feeds, "M", []string{"ATVPDKIKX0DER"}); err == nil {
		t.Error("empty feed submitted")
	}
}

// TestSubmitFeedRejected: Amazon rejects a document its schema check
// fails (here an OrderFulfillment envelope sent as an inventory feed).
func TestSubmitFeedRejected(t *testing.T) {
	sb := newSandbox(t, "112-3456789-0123456")
	head := &mwsxml.AmazonEnvelope{Header: &mwsxml.Header{DocumentVersion: "1.01", MerchantIdentifier: "M"}, MessageType: mwsxml.AmazonEnvelopeMessageTypeOrderFulfillment}
	msgs := func(yield func(*mwsxml.Message) bool) {
		yield(&mwsxml.Message{OrderFulfillment: shipment("112-3456789-0123456", seedItem("112-3456789-0123456"), "T")})
	}
	res, err := SubmitFeed(context.Background(), feedsClient(t, sb), "POST_INVENTORY_AVAILABILITY_DATA", []string{"ATVPDKIKX0DER"}, head, msgs)
	var fe *mwsxml.FeedError
	if !errors.As(err, &fe) || fe.Status != mwsxml.ProcessingReportStatusCodeRejected || res == nil || res.Report == nil {
		t.Fatalf("err = %v, res = %+v", err, res)
	}
}
