package xmlfeeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"

	"github.com/spgen/spgen/generated/feeds20210630"
	"github.com/spgen/spgen/mwsxml"
	"github.com/spgen/spgen/spapi/documents"
)

// FeedTypeOrderFulfillment is the Feeds API type of the order fulfillment
// (shipping confirmation and tracking number) feed.
const FeedTypeOrderFulfillment = "POST_ORDER_FULFILLMENT_DATA"

// FeedContentType is the content type XML feeds are declared with in
// createFeedDocument and uploaded with.
const FeedContentType = "text/xml; charset=UTF-8"

// Feeds is what the feed flow needs from the runtime; *documents.Feeds
// (spapi/documents) implements it.
type Feeds interface {
	// Submit runs createFeedDocument, the upload and createFeed.
	Submit(ctx context.Context, feed documents.Feed) (string, error)
	// Wait polls getFeed until the feed is DONE, FATAL or CANCELLED.
	Wait(ctx context.Context, feedID string) (*feeds20210630.Feed, error)
	// Result downloads the processing report of a finished feed.
	Result(ctx context.Context, feed *feeds20210630.Feed) (io.ReadCloser, error)
}

var _ Feeds = (*documents.Feeds)(nil)

// FeedResult is the outcome of a submitted feed.
type FeedResult struct {
	FeedID string
	// Status is the final processingStatus: DONE, FATAL or CANCELLED.
	Status feeds20210630.FeedProcessingStatus
	// Messages, Size and ContentMD5 describe the document uploaded.
	Messages   int64
	Size       int64
	ContentMD5 string
	// Report is the processing report; nil when Amazon produced none.
	Report *mwsxml.Report
}

// SubmitFeed builds a feed envelope from head (Header, MessageType, ...)
// and messages, and runs it through the Feeds API: the envelope is
// streamed by an EnvelopeWriter (every message validated, MessageIDs
// assigned in order, Content-MD5 computed) into a temporary file, which is
// uploaded with createFeedDocument (text/xml; charset=UTF-8) and submitted
// with createFeed as feedType for marketplaceIDs; then the feed is polled
// until processed and its processing report downloaded and parsed.
//
// Nothing is uploaded when a message fails validation. The returned error
// is the report's *FeedError when Amazon rejected the feed or some
// messages; the FeedResult is returned with it whenever the feed was
// submitted.
func SubmitFeed(ctx context.Context, feeds Feeds, feedType string, marketplaceIDs []string, head *mwsxml.AmazonEnvelope, messages iter.Seq[*mwsxml.Message], opts ...mwsxml.WriterOption) (*FeedResult, error) {
	f, err := os.CreateTemp("", "xmlfeeds-*.xml")
	if err != nil {
		return nil, fmt.Errorf("xmlfeeds: feed: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	w, err := mwsxml.NewEnvelopeWriter(f, head, opts...)
	if err != nil {
		return nil, err
	}
	for m := range messages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if _, err := w.Write(m); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("xmlfeeds: feed: %w", err)
	}
	res := &FeedResult{Messages: w.Messages(), Size: w.Size(), ContentMD5: w.ContentMD5()}
	res.FeedID, err = feeds.Submit(ctx, documents.Feed{
		Type:           feedType,
		MarketplaceIDs: marketplaceIDs,
		ContentType:    FeedContentType,
		Content:        f,
		Size:           res.Size,
	})
	if err != nil {
		return nil, err
	}
	feed, err := feeds.Wait(ctx, res.FeedID)
	if err != nil {
		return res, err
	}
	res.Status = feed.ProcessingStatus
	if feed.ResultFeedDocumentID == nil || *feed.ResultFeedDocumentID == "" {
		if res.Status != feeds20210630.FeedProcessingStatusDONE {
			return res, fmt.Errorf("xmlfeeds: feed %s ended %s without a processing report", res.FeedID, res.Status)
		}
		return res, fmt.Errorf("xmlfeeds: feed %s is DONE but has no processing report", res.FeedID)
	}
	rc, err := feeds.Result(ctx, feed)
	if err != nil {
		return res, err
	}
	defer rc.Close()
	if res.Report, err = mwsxml.ReadReport(rc); err != nil {
		return res, err
	}
	if err := res.Report.Err(); err != nil {
		return res, err
	}
	if res.Status != feeds20210630.FeedProcessingStatusDONE {
		return res, fmt.Errorf("xmlfeeds: feed %s ended %s", res.FeedID, res.Status)
	}
	return res, nil
}

// SubmitFulfillment sends POST_ORDER_FULFILLMENT_DATA: one message per
// fulfillment (shipping confirmation with carrier, method and tracking
// number), from merchantID, for marketplaceIDs. See SubmitFeed.
func SubmitFulfillment(ctx context.Context, feeds Feeds, merchantID string, marketplaceIDs []string, fulfillments ...*mwsxml.OrderFulfillment) (*FeedResult, error) {
	if len(fulfillments) == 0 {
		return nil, errors.New("xmlfeeds: SubmitFulfillment: no fulfillments")
	}
	head := &mwsxml.AmazonEnvelope{
		Header:      &mwsxml.Header{DocumentVersion: "1.01", MerchantIdentifier: mwsxml.String(merchantID)},
		MessageType: mwsxml.AmazonEnvelopeMessageTypeOrderFulfillment,
	}
	messages := func(yield func(*mwsxml.Message) bool) {
		for _, f := range fulfillments {
			if !yield(&mwsxml.Message{OrderFulfillment: f}) {
				return
			}
		}
	}
	return SubmitFeed(ctx, feeds, FeedTypeOrderFulfillment, marketplaceIDs, head, messages)
}
