package documents

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/spgen/spgen/generated/feeds20210630"
	"github.com/spgen/spgen/spapi"
)

// Option customises Feeds, Reports and Uploads.
type Option func(*settings)

type settings struct {
	pollMin, pollMax time.Duration
}

func newSettings(opts []Option) settings {
	s := settings{pollMin: 15 * time.Second, pollMax: 2 * time.Minute}
	for _, o := range opts {
		o(&s)
	}
	return s
}

// WithPollInterval sets the polling backoff of Wait: the first wait is
// initial, each next one doubles, up to max (defaults 15 s and 2 min, in
// line with the getFeed/getReport usage plans). The rate limiter of the
// client applies on top.
func WithPollInterval(initial, max time.Duration) Option {
	return func(s *settings) { s.pollMin, s.pollMax = initial, max }
}

// poll calls check until it reports done, waiting with backoff in between
// and honouring ctx.
func (s settings) poll(ctx context.Context, check func() (bool, error)) error {
	wait := s.pollMin
	for {
		done, err := check()
		if err != nil || done {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, s.pollMax)
	}
}

// Feeds submits feeds and fetches their processing reports with the Feeds
// API 2021-06-30.
type Feeds struct {
	api  *feeds20210630.Client
	http *http.Client
	settings
}

// NewFeeds returns Feeds calling through c.
func NewFeeds(c *spapi.Client, opts ...Option) (*Feeds, error) {
	api, err := feeds20210630.New(c)
	if err != nil {
		return nil, err
	}
	return &Feeds{api: api, http: c.HTTPClient(), settings: newSettings(opts)}, nil
}

// Feed is one feed to submit.
type Feed struct {
	// Type is the feed type, e.g. "JSON_LISTINGS_FEED" or
	// "POST_ORDER_FULFILLMENT_DATA".
	Type string
	// MarketplaceIDs the feed applies to.
	MarketplaceIDs []string
	// ContentType is the content's media type, e.g.
	// "application/json; charset=UTF-8" or "text/xml; charset=UTF-8". It is
	// declared with createFeedDocument and sent with the upload.
	ContentType string
	// Content is the feed document; Size its length in bytes, or -1 if
	// unknown (the content is then spooled to a temporary file first).
	Content io.Reader
	Size    int64
	// Options are the feed type's feedOptions, if any.
	Options map[string]string
}

// Submit uploads the feed document and creates the feed: createFeedDocument,
// a PUT of the content to the presigned URL with the declared content type,
// then createFeed. It returns the feed ID.
func (f *Feeds) Submit(ctx context.Context, feed Feed) (string, error) {
	if feed.ContentType == "" || feed.Type == "" || len(feed.MarketplaceIDs) == 0 {
		return "", errors.New("documents: a feed needs a Type, MarketplaceIDs and a ContentType")
	}
	body, size, cleanup, err := sized(feed.Content, feed.Size)
	if err != nil {
		return "", fmt.Errorf("documents: feed content: %w", err)
	}
	defer cleanup()
	doc, err := f.api.CreateFeedDocument(ctx, feeds20210630.CreateFeedDocumentSpecification{ContentType: feed.ContentType})
	if err != nil {
		return "", fmt.Errorf("documents: createFeedDocument: %w", err)
	}
	if err := put(ctx, f.http, doc.URL, body, size, http.Header{"Content-Type": {feed.ContentType}}); err != nil {
		return "", err
	}
	spec := feeds20210630.CreateFeedSpecification{
		FeedType:            feed.Type,
		MarketplaceIds:      feed.MarketplaceIDs,
		InputFeedDocumentID: doc.FeedDocumentID,
	}
	if len(feed.Options) > 0 {
		spec.FeedOptions = feeds20210630.FeedOptions(feed.Options)
	}
	created, err := f.api.CreateFeed(ctx, spec)
	if err != nil {
		return "", fmt.Errorf("documents: createFeed: %w", err)
	}
	return created.FeedID, nil
}

// Wait polls getFeed with backoff until the feed is DONE, FATAL or
// CANCELLED, and returns it.
func (f *Feeds) Wait(ctx context.Context, feedID string) (*feeds20210630.Feed, error) {
	var feed *feeds20210630.Feed
	err := f.poll(ctx, func() (bool, error) {
		r, err := f.api.GetFeed(ctx, feedID)
		if err != nil {
			return false, fmt.Errorf("documents: getFeed %s: %w", feedID, err)
		}
		feed = r
		switch feed.ProcessingStatus {
		case feeds20210630.FeedProcessingStatusDONE, feeds20210630.FeedProcessingStatusFATAL, feeds20210630.FeedProcessingStatusCANCELLED:
			return true, nil
		}
		return false, nil
	})
	if err != nil {
		return feed, err
	}
	return feed, nil
}

// Result opens the processing report of a finished feed (its
// resultFeedDocumentId), decompressed. Close it after reading.
func (f *Feeds) Result(ctx context.Context, feed *feeds20210630.Feed) (io.ReadCloser, error) {
	if feed.ResultFeedDocumentID == nil || *feed.ResultFeedDocumentID == "" {
		return nil, fmt.Errorf("documents: feed %s (%s) has no result document", feed.FeedID, feed.ProcessingStatus)
	}
	return f.Document(ctx, *feed.ResultFeedDocumentID)
}

// Document opens the feed document with the given ID: getFeedDocument, then
// a download of its presigned URL, decompressed per its
// compressionAlgorithm.
func (f *Feeds) Document(ctx context.Context, documentID string) (io.ReadCloser, error) {
	enc := true
	r, err := f.api.GetFeedDocument(ctx, documentID, &feeds20210630.GetFeedDocumentParams{EnableContentEncodingURLHeader: &enc})
	if err != nil {
		return nil, fmt.Errorf("documents: getFeedDocument %s: %w", documentID, err)
	}
	compression := ""
	if r.CompressionAlgorithm != nil {
		compression = string(*r.CompressionAlgorithm)
	}
	return Download(ctx, f.http, r.URL, compression)
}
