// Package documents runs the SP-API document workflows on top of the spapi
// runtime and the generated clients: submitting feeds and fetching their
// processing reports (Feeds API 2021-06-30), requesting and downloading
// reports (Reports API 2021-06-30), and uploading files for other APIs
// (Uploads API 2020-11-01).
//
// Document contents stream: uploads read from an io.Reader (spooled to a
// temporary file when its size is unknown) and downloads are io.ReadClosers
// that decompress on the fly, so memory stays bounded whatever the size.
package documents

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/spgen/spgen/spapi"
)

// Compression algorithms a document may declare.
const (
	CompressionNone = ""
	CompressionGZIP = "GZIP"
)

// Download GETs a presigned document URL with hc and returns the content,
// decompressed as compression ("" or "GZIP") declares. It does not
// decompress twice: when the HTTP transport already decoded a
// Content-Encoding: gzip response (as Go's does when the document was
// requested with enableContentEncodingUrlHeader), or when the bytes are not
// gzip at all, they are returned as they are. Close the returned reader.
func Download(ctx context.Context, hc *http.Client, url, compression string) (io.ReadCloser, error) {
	if compression != CompressionNone && compression != CompressionGZIP {
		return nil, fmt.Errorf("documents: unsupported compressionAlgorithm %q", compression)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("documents: download: %w", spapi.RedactError(err))
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("documents: download: %w", spapi.RedactError(err))
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		return nil, fmt.Errorf("documents: download: %w", storageError(resp))
	}
	encoded := !resp.Uncompressed &&
		(compression == CompressionGZIP || strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip"))
	if !encoded {
		return resp.Body, nil
	}
	br := bufio.NewReaderSize(resp.Body, 32<<10)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		resp.Body.Close()
		return nil, fmt.Errorf("documents: download: %w", err)
	}
	if !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		// Declared GZIP but already decoded on the way (a proxy or a
		// transport that does not report it): pass through.
		return readCloser{br, resp.Body}, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		resp.Body.Close()
		return nil, fmt.Errorf("documents: download: gzip: %w", err)
	}
	return gzipReadCloser{zr, resp.Body}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

type gzipReadCloser struct {
	zr   *gzip.Reader
	body io.Closer
}

// Read reads decompressed bytes; a document that ends early or does not
// decompress is an error saying so, wrapping the cause (io.ErrUnexpectedEOF
// for a truncated one).
func (g gzipReadCloser) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("documents: download: the gzip document is truncated or corrupt: %w", err)
	}
	return n, err
}

// Close closes the decompressor and the response body.
func (g gzipReadCloser) Close() error {
	err := g.zr.Close()
	if cerr := g.body.Close(); err == nil {
		err = cerr
	}
	return err
}

// Upload PUTs content to a presigned URL with hc, adding header (at least
// the declared Content-Type). The URL needs the exact length up front:
// size is used when it is not negative, a seekable content is measured, and
// any other is first spooled to a temporary file. The upload is not re-sent
// once it may have reached the server (PUT is not idempotent in the spapi
// retry policy), but is when the connection never opened.
func Upload(ctx context.Context, hc *http.Client, url string, content io.Reader, size int64, header http.Header) error {
	body, n, cleanup, err := sized(content, size)
	if err != nil {
		return fmt.Errorf("documents: upload: %w", err)
	}
	defer cleanup()
	return put(ctx, hc, url, body, n, header)
}

func put(ctx context.Context, hc *http.Client, url string, body io.ReadSeeker, size int64, header http.Header) error {
	start, err := body.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("documents: upload: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, url, io.NopCloser(io.LimitReader(body, size)))
	if err != nil {
		return fmt.Errorf("documents: upload: %w", spapi.RedactError(err))
	}
	req.ContentLength = size
	if size == 0 {
		req.Body = http.NoBody
	}
	req.GetBody = func() (io.ReadCloser, error) {
		if _, err := body.Seek(start, io.SeekStart); err != nil {
			return nil, err
		}
		return io.NopCloser(io.LimitReader(body, size)), nil
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("documents: upload: %w", spapi.RedactError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("documents: upload: %w", storageError(resp))
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return nil
}

// sized returns content as an io.ReadSeeker positioned at its start and its
// length in bytes, spooling it to a temporary file when it is not seekable
// and size is unknown. cleanup removes the file.
func sized(content io.Reader, size int64) (io.ReadSeeker, int64, func(), error) {
	noop := func() {}
	if rs, ok := content.(io.ReadSeeker); ok {
		cur, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, 0, noop, err
		}
		end, err := rs.Seek(0, io.SeekEnd)
		if err != nil {
			return nil, 0, noop, err
		}
		if _, err := rs.Seek(cur, io.SeekStart); err != nil {
			return nil, 0, noop, err
		}
		if size >= 0 && size != end-cur {
			return nil, 0, noop, fmt.Errorf("content has %d bytes, not the %d declared", end-cur, size)
		}
		return rs, end - cur, noop, nil
	}
	f, n, err := spool(content, io.Discard)
	if err != nil {
		return nil, 0, noop, err
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	if size >= 0 && size != n {
		cleanup()
		return nil, 0, noop, fmt.Errorf("content has %d bytes, not the %d declared", n, size)
	}
	return f, n, cleanup, nil
}

// spool copies r into a new temporary file, also writing it to w, and
// returns the file positioned at its start.
func spool(r io.Reader, w io.Writer) (*os.File, int64, error) {
	f, err := os.CreateTemp("", "spapi-document-*")
	if err != nil {
		return nil, 0, err
	}
	n, err := io.Copy(io.MultiWriter(f, w), r)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, 0, err
	}
	return f, n, nil
}

// storageError turns a non-2xx answer of the document storage (Amazon S3,
// which answers in XML) into an *spapi.Error. Only the code, message and
// request ID are kept: S3's signature errors echo the string to sign and
// the signature.
func storageError(resp *http.Response) error {
	e := &spapi.Error{StatusCode: resp.StatusCode, Method: resp.Request.Method, Path: resp.Request.URL.Path,
		RequestID: resp.Header.Get("x-amz-request-id")}
	var x struct {
		Code      string `xml:"Code"`
		Message   string `xml:"Message"`
		RequestID string `xml:"RequestId"`
	}
	if xml.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&x) == nil && x.Code != "" {
		e.Errors = []spapi.ErrorDetail{{Code: x.Code, Message: spapi.Scrub(x.Message)}}
		if e.RequestID == "" {
			e.RequestID = x.RequestID
		}
	}
	return e
}
