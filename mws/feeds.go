package mws

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"time"

	"github.com/spgen/spgen/mwsxml"
)

// Feeds API 2009-01-01: its path is the endpoint's root and it names the
// seller Merchant.
const (
	feedsPath    = "/"
	feedsVersion = "2009-01-01"
)

// FeedSubmissionInfo describes a submitted feed.
type FeedSubmissionInfo struct {
	FeedSubmissionID     string    `xml:"FeedSubmissionId"`
	FeedType             string    `xml:"FeedType"`
	SubmittedDate        time.Time `xml:"SubmittedDate"`
	FeedProcessingStatus string    `xml:"FeedProcessingStatus"`
}

type submitFeedResponse struct {
	Info             FeedSubmissionInfo `xml:"SubmitFeedResult>FeedSubmissionInfo"`
	ResponseMetadata ResponseMetadata   `xml:"ResponseMetadata"`
}

// Feed is a feed document to submit.
type Feed struct {
	// Type is the FeedType, e.g. POST_ORDER_FULFILLMENT_DATA.
	Type string
	// MarketplaceIDs become MarketplaceIdList.Id.n (optional).
	MarketplaceIDs []string
	// ContentType of the body; default "text/xml; charset=UTF-8".
	ContentType string
	// Content is the document. An io.ReadSeeker (a file) is read twice:
	// once for ContentMD5Value, which the signature covers, once as the
	// body. Any other reader is copied to a temporary file while hashing.
	// Memory use does not depend on the feed's size.
	Content io.Reader
}

// SubmitFeed uploads feed with SubmitFeed: the body streams from
// feed.Content, its base64 MD5 is sent as ContentMD5Value (and
// Content-MD5), and the parameters are signed in the query string.
func (c *Client) SubmitFeed(ctx context.Context, feed Feed) (*FeedSubmissionInfo, error) {
	if feed.Type == "" || feed.Content == nil {
		return nil, errors.New("mws: SubmitFeed: FeedType and content are required")
	}
	body, size, sum, cleanup, err := seekableWithMD5(feed.Content)
	if err != nil {
		return nil, fmt.Errorf("mws: SubmitFeed: %w", err)
	}
	defer cleanup()
	p := map[string]string{"FeedType": feed.Type, "ContentMD5Value": sum}
	listParams(p, "MarketplaceIdList.Id", feed.MarketplaceIDs)
	ctype := feed.ContentType
	if ctype == "" {
		ctype = "text/xml; charset=UTF-8"
	}
	var resp submitFeedResponse
	err = c.decode(ctx, &call{action: "SubmitFeed", path: feedsPath, version: feedsVersion, params: p, sellerParam: "Merchant",
		body: body, bodySize: size, contentType: ctype, md5: sum}, &resp)
	if err != nil {
		return nil, err
	}
	return &resp.Info, nil
}

// seekableWithMD5 returns r as a ReadSeeker with its size and base64 MD5;
// cleanup removes the temporary file made for a reader that cannot seek.
func seekableWithMD5(r io.Reader) (io.ReadSeeker, int64, string, func(), error) {
	h := md5.New()
	if rs, ok := r.(io.ReadSeeker); ok {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, 0, "", nil, err
		}
		n, err := io.Copy(h, rs)
		if err != nil {
			return nil, 0, "", nil, err
		}
		body := io.NewSectionReader(readerAt{rs}, start, n)
		return body, n, b64(h), func() {}, nil
	}
	f, err := os.CreateTemp("", "mws-feed-*")
	if err != nil {
		return nil, 0, "", nil, err
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err != nil {
		cleanup()
		return nil, 0, "", nil, err
	}
	return f, n, b64(h), cleanup, nil
}

func b64(h hash.Hash) string { return base64.StdEncoding.EncodeToString(h.Sum(nil)) }

// readerAt reads a ReadSeeker at offsets (not concurrently: one request
// reads the body at a time).
type readerAt struct{ rs io.ReadSeeker }

func (r readerAt) ReadAt(p []byte, off int64) (int, error) {
	if _, err := r.rs.Seek(off, io.SeekStart); err != nil {
		return 0, err
	}
	return io.ReadFull(r.rs, p)
}

// GetFeedSubmissionResult returns the processing report of a submitted
// feed as a stream. The Content-MD5 header Amazon sends with it is checked
// while reading: the final Read returns an error if the body differs.
func (c *Client) GetFeedSubmissionResult(ctx context.Context, feedSubmissionID string) (io.ReadCloser, error) {
	if feedSubmissionID == "" {
		return nil, errors.New("mws: GetFeedSubmissionResult: FeedSubmissionId is required")
	}
	resp, err := c.do(ctx, &call{action: "GetFeedSubmissionResult", path: feedsPath, version: feedsVersion,
		params: map[string]string{"FeedSubmissionId": feedSubmissionID}, sellerParam: "Merchant"})
	if err != nil {
		return nil, err
	}
	want := resp.Header.Get("Content-MD5")
	if want == "" {
		return resp.Body, nil
	}
	return &md5Checked{rc: resp.Body, h: md5.New(), want: want}, nil
}

// FeedSubmissionReport downloads a feed's processing report and parses
// it with mwsxml.ReadReport.
func (c *Client) FeedSubmissionReport(ctx context.Context, feedSubmissionID string) (*mwsxml.Report, error) {
	rc, err := c.GetFeedSubmissionResult(ctx, feedSubmissionID)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(rc, c.maxBody+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > c.maxBody {
		return nil, fmt.Errorf("mws: GetFeedSubmissionResult: report larger than %d bytes", c.maxBody)
	}
	return mwsxml.ReadReport(&buf)
}

// md5Checked verifies a body against its Content-MD5 at EOF.
type md5Checked struct {
	rc   io.ReadCloser
	h    hash.Hash
	want string
}

func (m *md5Checked) Read(p []byte) (int, error) {
	n, err := m.rc.Read(p)
	m.h.Write(p[:n])
	if errors.Is(err, io.EOF) {
		if got := b64(m.h); got != m.want {
			return n, fmt.Errorf("mws: GetFeedSubmissionResult: body MD5 %s does not match Content-MD5 %s", got, m.want)
		}
	}
	return n, err
}

func (m *md5Checked) Close() error { return m.rc.Close() }
