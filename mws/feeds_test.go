package mws

import (
	"crypto/md5"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// feedReader streams a fulfillment feed of at least size bytes without
// holding it: the envelope head, then the same message with increasing
// MessageIDs, then the tail.
type feedReader struct {
	size, n int64
	id      int
	buf     []byte
	scratch []byte // reused: the generator itself allocates nothing per message
	done    bool
}

func (r *feedReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		switch {
		case r.done:
			return 0, io.EOF
		case r.id == 0:
			r.buf = []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>" + fakeSeller + "</MerchantIdentifier></Header><MessageType>OrderFulfillment</MessageType>\n")
		case r.n >= r.size:
			r.buf, r.done = []byte("</AmazonEnvelope>\n"), true
		default:
			r.scratch = append(strconv.AppendInt(append(r.scratch[:0], "<Message><MessageID>"...), int64(r.id), 10), "</MessageID><OrderFulfillment><AmazonOrderID>112-3456789-0123456</AmazonOrderID><FulfillmentDate>2024-03-05T14:30:00Z</FulfillmentDate><FulfillmentData><CarrierName>USPS</CarrierName><ShipperTrackingNumber>9400111899223197428490</ShipperTrackingNumber></FulfillmentData></OrderFulfillment></Message>\n"...)
			r.buf = r.scratch
		}
		r.id++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	r.n += int64(n)
	return n, nil
}

// TestSubmitFeed50MB submits a 50 MB feed twice, from a file and from a
// stream that cannot seek: the fake hashes the body as it arrives and
// checks it against the signed ContentMD5Value and Content-MD5; the bytes
// allocated by client and fake together stay far below the feed's size.
func TestSubmitFeed50MB(t *testing.T) {
	const size = 50 << 20
	f := newFakeMWS()
	defer f.Close()
	c := clientFor(f)

	path := filepath.Join(t.TempDir(), "feed.xml")
	file, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	h := md5.New()
	n, err := io.Copy(io.MultiWriter(file, h), &feedReader{size: size})
	if err != nil {
		t.Fatal(err)
	}
	file.Close()
	want := base64.StdEncoding.EncodeToString(h.Sum(nil))

	for _, src := range []string{"file", "stream"} {
		var content io.Reader
		if src == "file" {
			fh, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			content = fh
		} else {
			content = &feedReader{size: size}
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		info, err := c.SubmitFeed(ctx, Feed{Type: "POST_ORDER_FULFILLMENT_DATA", MarketplaceIDs: []string{"ATVPDKIKX0DER"}, Content: content})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if info.FeedSubmissionID == "" || info.FeedType != "POST_ORDER_FULFILLMENT_DATA" || info.FeedProcessingStatus != "_SUBMITTED_" {
			t.Errorf("%s: info %+v", src, info)
		}
		if f.feedBytes != n || f.feedMD5 != want {
			t.Errorf("%s: fake received %d bytes with MD5 %s, want %d and %s", src, f.feedBytes, f.feedMD5, n, want)
		}
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %d MB feed submitted, %.1f MB allocated (client and fake)", src, n>>20, float64(alloc)/(1<<20))
		if alloc > 8<<20 {
			t.Errorf("%s: %d bytes allocated for a %d-byte feed: the body is buffered", src, alloc, n)
		}
	}
	if n < size {
		t.Fatalf("feed is only %d bytes", n)
	}
}

// TestSubmitFeedMD5Mismatch: a feed that changes between hashing and
// sending is refused by the fake's check.
func TestSubmitFeedMD5Mismatch(t *testing.T) {
	f := newFakeMWS()
	defer f.Close()
	_, err := clientFor(f).SubmitFeed(ctx, Feed{Type: "POST_ORDER_FULFILLMENT_DATA", Content: &changing{}})
	var e *Error
	if !errors.As(err, &e) || e.Code != "ContentMD5DoesNotMatch" {
		t.Fatalf("err = %v", err)
	}
}

// changing is a ReadSeeker whose content differs on its second read.
type changing struct {
	reads int
	off   int64
}

func (c *changing) Read(p []byte) (int, error) {
	body := "<AmazonEnvelope>first</AmazonEnvelope>"
	if c.reads > 0 {
		body = "<AmazonEnvelope>other</AmazonEnvelope>"
	}
	if c.off >= int64(len(body)) {
		return 0, io.EOF
	}
	n := copy(p, body[c.off:])
	c.off += int64(n)
	return n, nil
}

func (c *changing) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekStart && off == 0 && c.off > 0 {
		c.reads++
	}
	if whence == io.SeekStart {
		c.off = off
	}
	return c.off, nil
}

// TestFeedSubmissionResult downloads the report of a submitted feed,
// checks its Content-MD5 and parses it.
func TestFeedSubmissionResult(t *testing.T) {
	f := newFakeMWS()
	defer f.Close()
	c := clientFor(f)
	info, err := c.SubmitFeed(ctx, Feed{Type: "POST_ORDER_FULFILLMENT_DATA", Content: &feedReader{size: 1}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.FeedSubmissionReport(ctx, info.FeedSubmissionID)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok, bad, _ := rep.Counts(); rep.StatusCode != "Complete" || p != 1 || ok != 1 || bad != 0 {
		t.Errorf("report %+v", rep.ProcessingReport)
	}
	// A body that does not match its Content-MD5 fails the final read.
	f.corruptMD5 = true
	rc, err := c.GetFeedSubmissionResult(ctx, info.FeedSubmissionID)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if _, err := io.ReadAll(rc); err == nil || !strings.Contains(err.Error(), "does not match Content-MD5") {
		t.Errorf("a body differing from its Content-MD5: err = %v", err)
	}
	var e *Error
	if _, err := c.GetFeedSubmissionResult(ctx, "nope"); !errors.As(err, &e) || e.Code != "InvalidParameterValue" {
		t.Errorf("unknown id: %v", err)
	}
}
