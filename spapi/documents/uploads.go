package documents

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/spgen/spgen/generated/uploads20201101"
	"github.com/spgen/spgen/spapi"
)

// Uploads uploads files for other APIs (A+ Content images, messaging
// attachments, ...) with the Uploads API 2020-11-01.
type Uploads struct {
	api  *uploads20201101.Client
	http *http.Client
}

// NewUploads returns Uploads calling through c.
func NewUploads(c *spapi.Client) (*Uploads, error) {
	api, err := uploads20201101.New(c)
	if err != nil {
		return nil, err
	}
	return &Uploads{api: api, http: c.HTTPClient()}, nil
}

// File is one file to upload.
type File struct {
	// Resource is the resource the upload is for, e.g.
	// "aplus/2020-11-01/contentDocuments" or
	// "messaging/v1/orders/{amazonOrderId}/messages/invoice".
	Resource string
	// MarketplaceIDs, usually one.
	MarketplaceIDs []string
	// ContentType is the file's media type, e.g. "image/png".
	ContentType string
	// Content is the file.
	Content io.Reader
}

// Upload computes the file's Content-MD5 while streaming it (spooling a
// non-seekable content to a temporary file in the same pass), calls
// createUploadDestinationForResource with it, and PUTs the file to the
// returned URL with the returned headers. It returns the
// uploadDestinationId to pass to the API the file is for.
func (u *Uploads) Upload(ctx context.Context, f File) (string, error) {
	if f.Resource == "" || len(f.MarketplaceIDs) == 0 || f.ContentType == "" {
		return "", errors.New("documents: an upload needs a Resource, MarketplaceIDs and a ContentType")
	}
	body, size, sum, cleanup, err := hashed(f.Content)
	if err != nil {
		return "", fmt.Errorf("documents: upload content: %w", err)
	}
	defer cleanup()
	contentMD5 := base64.StdEncoding.EncodeToString(sum)
	ct := f.ContentType
	resource := strings.TrimPrefix(f.Resource, "/")
	var md spapi.ResponseMetadata
	resp, err := u.api.CreateUploadDestinationForResource(ctx, resource,
		&uploads20201101.CreateUploadDestinationForResourceParams{MarketplaceIds: f.MarketplaceIDs, ContentMD5: contentMD5, ContentType: &ct},
		spapi.WithRequestEditor(literalSlashes), spapi.WithMetadata(&md))
	if err != nil {
		return "", fmt.Errorf("documents: createUploadDestinationForResource %s: %w", f.Resource, err)
	}
	dest := resp.GetPayload()
	if dest.URL == nil || dest.UploadDestinationID == nil {
		return "", fmt.Errorf("documents: createUploadDestinationForResource %s: response has no upload destination (HTTP %d)", f.Resource, md.StatusCode)
	}
	header := http.Header{}
	for k, v := range dest.Headers {
		if s, ok := v.(string); ok {
			header.Set(k, s)
		}
	}
	if header.Get("Content-Type") == "" {
		header.Set("Content-Type", f.ContentType)
	}
	if header.Get("Content-MD5") == "" {
		header.Set("Content-MD5", contentMD5)
	}
	if err := put(ctx, u.http, *dest.URL, body, size, header); err != nil {
		return "", err
	}
	return *dest.UploadDestinationID, nil
}

// literalSlashes sends the {resource} path parameter with its slashes as
// they are ("aplus/2020-11-01/contentDocuments"), as the Uploads API
// expects, rather than escaped to %2F.
func literalSlashes(_ context.Context, req *http.Request) error {
	p, err := url.PathUnescape(req.URL.EscapedPath())
	if err != nil {
		return err
	}
	req.URL.Path, req.URL.RawPath = p, ""
	return nil
}

// hashed returns content as a seekable reader at its start, its length and
// its MD5 sum, reading it once: a seekable content is hashed in place, any
// other is hashed while being spooled to a temporary file.
func hashed(content io.Reader) (io.ReadSeeker, int64, []byte, func(), error) {
	noop := func() {}
	h := md5.New()
	if rs, ok := content.(io.ReadSeeker); ok {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, 0, nil, noop, err
		}
		n, err := io.Copy(h, rs)
		if err != nil {
			return nil, 0, nil, noop, err
		}
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			return nil, 0, nil, noop, err
		}
		return rs, n, h.Sum(nil), noop, nil
	}
	f, n, err := spool(content, h)
	if err != nil {
		return nil, 0, nil, noop, err
	}
	return f, n, h.Sum(nil), func() { f.Close(); os.Remove(f.Name()) }, nil
}
