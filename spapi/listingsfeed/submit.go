package listingsfeed

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/spgen/spgen/spapi/documents"
)

// FeedType and ContentType are what Amazon documents for the JSON listings
// feed: feed type JSON_LISTINGS_FEED, uploaded as UTF-8 JSON.
const (
	FeedType    = "JSON_LISTINGS_FEED"
	ContentType = "application/json; charset=UTF-8"
)

// Submit validates feed and, only when it is valid, uploads it and creates
// the JSON_LISTINGS_FEED for marketplaceIDs through feeds (createFeedDocument
// → upload → createFeed). It returns the feed ID. c, when not nil, checks
// attributes against product types.
func Submit(ctx context.Context, feeds *documents.Feeds, feed *Feed, marketplaceIDs []string, c AttributesChecker) (string, error) {
	if err := Validate(ctx, feed, c); err != nil {
		return "", fmt.Errorf("listingsfeed: refused before upload: %w", err)
	}
	body, err := json.Marshal(feed)
	if err != nil {
		return "", fmt.Errorf("listingsfeed: encode: %w", err)
	}
	return feeds.Submit(ctx, documents.Feed{
		Type:           FeedType,
		MarketplaceIDs: marketplaceIDs,
		ContentType:    ContentType,
		Content:        bytes.NewReader(body),
		Size:           int64(len(body)),
	})
}

// Await waits for the feed to finish and reads its processing report.
func Await(ctx context.Context, feeds *documents.Feeds, feedID string) (*Result, error) {
	f, err := feeds.Wait(ctx, feedID)
	if err != nil {
		return nil, err
	}
	if f.ResultFeedDocumentID == nil {
		return nil, fmt.Errorf("listingsfeed: feed %s ended %s without a processing report", feedID, f.ProcessingStatus)
	}
	rc, err := feeds.Result(ctx, f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return ReadReport(rc)
}
