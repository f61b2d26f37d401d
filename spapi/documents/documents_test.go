package documents

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/mwsxml"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// onlyReader hides any Seek method, so the helpers must spool.
type onlyReader struct{ io.Reader }

func TestFeedSubmitWaitResult(t *testing.T) {
	sb := newSandbox(t)
	feeds, err := NewFeeds(sandboxClient(t, sb), WithPollInterval(time.Millisecond, 4*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	var msgs strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&msgs, `<Message><MessageID>%d</MessageID><OrderFulfillment><AmazonOrderID>123-1234567-1234567</AmazonOrderID><FulfillmentDate>2024-05-01T10:00:00Z</FulfillmentDate></OrderFulfillment></Message>`, i+1)
	}
	content := []byte(`<?xml version="1.0" encoding="UTF-8"?><AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>M</MerchantIdentifier></Header><MessageType>OrderFulfillment</MessageType>` +
		msgs.String() + `</AmazonEnvelope>`)
	id, err := feeds.Submit(t.Context(), Feed{
		Type: "POST_ORDER_FULFILLMENT_DATA", MarketplaceIDs: []string{"ATVPDKIKX0DER"},
		ContentType: "text/xml; charset=UTF-8", Content: onlyReader{bytes.NewReader(content)}, Size: -1,
		Options: map[string]string{"key": "value"},
	})
	if err != nil {
		t.Fatal(err)
	}
	feed, err := feeds.Wait(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if polls := len(sb.Exchanges("getFeed")); feed.ProcessingStatus != "DONE" || polls != 3 {
		t.Fatalf("status %s after %d polls; want DONE after 3", feed.ProcessingStatus, polls)
	}
	r, err := feeds.Result(t.Context(), feed)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rep, err := mwsxml.ReadReport(r)
	if err != nil {
		t.Fatal(err)
	}
	if processed, ok, _, _ := rep.Counts(); fmt.Sprint(rep.DocumentTransactionID) != id || processed != 2000 || ok != 2000 {
		t.Fatalf("report of feed %s: transaction %d, %d processed, %d successful", id, rep.DocumentTransactionID, processed, ok)
	}
	// The document the feed was created with holds exactly the content,
	// uploaded with the declared content type.
	if created := sb.Exchanges("createFeed"); len(created) != 1 || !bytes.Contains(created[0].Body, []byte(`"feedOptions":{"key":"value"}`)) {
		t.Fatalf("createFeed = %+v", created)
	}
	for _, e := range sb.Exchanges("getFeedDocument") {
		if e.Query.Get("enableContentEncodingUrlHeader") != "true" {
			t.Fatalf("getFeedDocument without enableContentEncodingUrlHeader: %s?%s", e.Path, e.Query.Encode())
		}
	}
	var uploaded *spapitest.Document
	for _, e := range sb.Exchanges() {
		if e.Method == http.MethodPut {
			uploaded, _ = sb.Document("https://" + spapitest.UploadsHost + e.Path)
		}
	}
	if uploaded == nil || !bytes.Equal(uploaded.Body, content) {
		t.Fatal("uploaded document differs from the content")
	}
	if uploaded.ContentType != "text/xml; charset=UTF-8" {
		t.Fatalf("upload Content-Type = %q", uploaded.ContentType)
	}
}

func TestReportFetch(t *testing.T) {
	var fatal atomic.Bool
	sb := newSandbox(t, spapitest.ReportDocument("GET_MERCHANT_LISTINGS_ALL_DATA", func(spapitest.ReportRequest) ([]byte, error) {
		if fatal.Load() {
			return nil, errors.New("the report could not be produced")
		}
		return listingsTSV(), nil
	}))
	reports, err := NewReports(sandboxClient(t, sb), WithPollInterval(time.Millisecond, 4*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	r, err := reports.Fetch(t.Context(), reports20210630.CreateReportSpecification{ReportType: "GET_MERCHANT_LISTINGS_ALL_DATA", MarketplaceIds: []string{"ATVPDKIKX0DER"}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
	if len(lines) != 1001 || lines[0] != "sku\tasin\tprice" || lines[1000] != "SKU-0999\tB000000999\t99.99" {
		t.Fatalf("report has %d lines: first %q last %q", len(lines), lines[0], lines[len(lines)-1])
	}

	fatal.Store(true)
	_, err = reports.Fetch(t.Context(), reports20210630.CreateReportSpecification{ReportType: "GET_MERCHANT_LISTINGS_ALL_DATA", MarketplaceIds: []string{"ATVPDKIKX0DER"}})
	var nd *NotDoneError
	if !errors.As(err, &nd) || nd.Report.ProcessingStatus != "FATAL" {
		t.Fatalf("err = %v; want NotDoneError FATAL", err)
	}
}

// TestWaitHonoursContext: polling stops when the context ends.
func TestWaitHonoursContext(t *testing.T) {
	sb := newSandbox(t, listingsReport, spapitest.Progress(1<<30))
	reports, err := NewReports(sandboxClient(t, sb), WithPollInterval(20*time.Millisecond, 20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	id, err := reports.Create(t.Context(), reports20210630.CreateReportSpecification{ReportType: "GET_MERCHANT_LISTINGS_ALL_DATA", MarketplaceIds: []string{"ATVPDKIKX0DER"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	rep, err := reports.Wait(ctx, id)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
	if rep == nil || rep.ProcessingStatus != "IN_QUEUE" {
		t.Fatalf("last seen report = %+v", rep)
	}
}

func TestUploadsAPI(t *testing.T) {
	sb := newSandbox(t)
	up, err := NewUploads(sandboxClient(t, sb))
	if err != nil {
		t.Fatal(err)
	}
	img := bytes.Repeat([]byte{0x89, 'P', 'N', 'G', 1, 2, 3}, 50000)
	sum := md5.Sum(img)
	for name, content := range map[string]io.Reader{"seekable": bytes.NewReader(img), "stream": onlyReader{bytes.NewReader(img)}} {
		t.Run(name, func(t *testing.T) {
			id, err := up.Upload(t.Context(), File{Resource: "/aplus/2020-11-01/contentDocuments", MarketplaceIDs: []string{"ATVPDKIKX0DER"}, ContentType: "image/png", Content: content})
			if err != nil {
				t.Fatal(err)
			}
			// The destination was created for the file's MD5, which the
			// sandbox's storage then required of the PUT.
			var md5Query string
			for _, e := range sb.Exchanges("createUploadDestinationForResource") {
				if strings.HasSuffix(e.Path, "/aplus/2020-11-01/contentDocuments") {
					md5Query = e.Query.Get("contentMD5")
				}
			}
			o, ok := sb.Document(spapitest.UploadURL(id))
			if !ok || md5Query != base64.StdEncoding.EncodeToString(sum[:]) || o.ContentType != "image/png" {
				t.Fatalf("object %s = %v, contentMD5 %q", id, ok, md5Query)
			}
			if !bytes.Equal(o.Body, img) {
				t.Fatal("uploaded bytes differ")
			}
		})
	}
}

// servePlain answers every GET with data and the given headers.
func servePlain(t *testing.T, data []byte, header map[string]string) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.Write(data)
	}))
	t.Cleanup(s.Close)
	return s
}

// TestDownloadDecompressesOnce covers every way a GZIP document can arrive.
func TestDownloadDecompressesOnce(t *testing.T) {
	plain := []byte(strings.Repeat("order-id\tsku\tquantity\n123-1\tSKU\t1\n", 500))
	twoMembers := append(gz(plain[:100]), gz(plain[100:])...)
	noDecompress := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	c := newClient(t, "http://127.0.0.1:1")
	cases := []struct {
		name        string
		data        []byte
		header      map[string]string
		compression string
		client      *http.Client
	}{
		{"gzip body, declared", gz(plain), nil, CompressionGZIP, c.HTTPClient()},
		{"gzip body, Content-Encoding: gzip, transport decodes", gz(plain), map[string]string{"Content-Encoding": "gzip"}, CompressionGZIP, c.HTTPClient()},
		{"gzip body, Content-Encoding: gzip, transport does not decode", gz(plain), map[string]string{"Content-Encoding": "gzip"}, CompressionGZIP, noDecompress},
		{"gzip body, undeclared but Content-Encoding: gzip", gz(plain), map[string]string{"Content-Encoding": "gzip"}, CompressionNone, noDecompress},
		{"declared GZIP, already decoded on the way", plain, nil, CompressionGZIP, c.HTTPClient()},
		{"not compressed", plain, nil, CompressionNone, c.HTTPClient()},
		{"two gzip members", twoMembers, nil, CompressionGZIP, c.HTTPClient()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := servePlain(t, tc.data, tc.header)
			r, err := Download(t.Context(), tc.client, s.URL+"/doc", tc.compression)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("got %d bytes (err %v), want the %d plain bytes", len(got), err, len(plain))
			}
		})
	}
	if _, err := Download(t.Context(), c.HTTPClient(), "http://127.0.0.1:1/x", "ZSTD"); err == nil {
		t.Fatal("unknown compression accepted")
	}
	s := servePlain(t, []byte{0x1f, 0x8b, 0, 0}, nil)
	r, err := Download(t.Context(), c.HTTPClient(), s.URL, CompressionGZIP)
	if err == nil {
		_, err = io.ReadAll(r)
	}
	if err == nil {
		t.Fatal("truncated gzip read without error")
	}
}

// genReader yields n pseudo-random-ish bytes without holding them.
type genReader struct{ n, off int64 }

func (g *genReader) Read(p []byte) (int, error) {
	if g.off >= g.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), g.n-g.off)
	for i := range k {
		x := g.off + i
		p[i] = byte(x*2654435761>>13) ^ byte(x>>9)
	}
	g.off += k
	return int(k), nil
}

func allocated() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// TestStreamingBoundedMemory: a 32 MiB document downloads and decompresses,
// and a 32 MiB non-seekable stream uploads, while the process allocates
// only a small fraction of that.
func TestStreamingBoundedMemory(t *testing.T) {
	const size = 32 << 20
	const budget = 8 << 20
	want := sha256.New()
	io.Copy(want, &genReader{n: size})

	// The server compresses on the fly, so neither side holds the document.
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			h := sha256.New()
			n, _ := io.Copy(h, r.Body)
			if n != size || !bytes.Equal(h.Sum(nil), want.Sum(nil)) || r.ContentLength != size {
				w.WriteHeader(400)
			}
			return
		}
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		io.Copy(zw, &genReader{n: size})
		zw.Close()
	}))
	defer s.Close()
	c := newClient(t, "http://127.0.0.1:1")

	before := allocated()
	r, err := Download(t.Context(), c.HTTPClient(), s.URL+"/big", CompressionGZIP)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	n, err := io.Copy(h, r)
	r.Close()
	used := allocated() - before
	if err != nil || n != size || !bytes.Equal(h.Sum(nil), want.Sum(nil)) {
		t.Fatalf("downloaded %d bytes, err %v, digest match %v", n, err, bytes.Equal(h.Sum(nil), want.Sum(nil)))
	}
	if used > budget {
		t.Fatalf("download of %d MiB allocated %d MiB", size>>20, used>>20)
	}
	t.Logf("download of %d MiB allocated %.2f MiB", size>>20, float64(used)/(1<<20))

	before = allocated()
	err = Upload(t.Context(), c.HTTPClient(), s.URL+"/big", &genReader{n: size}, -1, http.Header{"Content-Type": {"text/plain"}})
	used = allocated() - before
	if err != nil {
		t.Fatal(err)
	}
	if used > budget {
		t.Fatalf("upload of %d MiB allocated %d MiB", size>>20, used>>20)
	}
	t.Logf("upload of %d MiB allocated %.2f MiB", size>>20, float64(used)/(1<<20))
}

// TestStorageErrorsCarryNoSignature: a refused presigned URL gives an
// *spapi.Error with S3's code, and neither it nor a connection error shows
// the URL's signature or security token.
func TestStorageErrorsCarryNoSignature(t *testing.T) {
	store := newStorage(t, []byte("x"))
	c := newClient(t, "http://127.0.0.1:1")
	good := store.presign()
	bad := strings.Replace(good, "X-Amz-Signature=", "X-Amz-Signature=00", 1)
	_, err := Download(t.Context(), c.HTTPClient(), bad, CompressionNone)
	var e *spapi.Error
	if !errors.As(err, &e) || e.StatusCode != 403 || !e.HasCode("SignatureDoesNotMatch") || e.RequestID == "" {
		t.Fatalf("err = %v", err)
	}
	sig := bad[strings.Index(bad, "X-Amz-Signature=")+len("X-Amz-Signature="):]
	tok := bad[strings.Index(bad, "X-Amz-Security-Token=")+len("X-Amz-Security-Token=") : strings.Index(bad, "&X-Amz-Signature")]
	if strings.Contains(err.Error(), sig) || strings.Contains(err.Error(), "secret-material") {
		t.Fatalf("error text leaks the signature: %v", err)
	}

	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	dead := strings.Replace(good, store.URL, "http://"+addr, 1)
	_, err = Download(t.Context(), c.HTTPClient(), dead, CompressionNone)
	if err == nil || strings.Contains(err.Error(), sig) || strings.Contains(err.Error(), tok) {
		t.Fatalf("connection error = %v", err)
	}
	err = Upload(t.Context(), c.HTTPClient(), dead, strings.NewReader("data"), 4, nil)
	if err == nil || strings.Contains(err.Error(), sig) || strings.Contains(err.Error(), tok) || !strings.Contains(err.Error(), "REDACTED") {
		t.Fatalf("connection error = %v", err)
	}
}
