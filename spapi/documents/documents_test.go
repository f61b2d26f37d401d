package documents

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/spapi"
)

// onlyReader hides any Seek method, so the helpers must spool.
type onlyReader struct{ io.Reader }

func TestFeedSubmitWaitResult(t *testing.T) {
	store := newStorage(t)
	api := newSPAPI(t, store)
	feeds, err := NewFeeds(newClient(t, api.URL), WithPollInterval(time.Millisecond, 4*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	content := []byte(strings.Repeat(`<Message><OrderFulfillment><AmazonOrderID>123-1234567-1234567</AmazonOrderID></OrderFulfillment></Message>`, 2000))
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
	if feed.ProcessingStatus != "DONE" || api.count[id] != 3 {
		t.Fatalf("status %s after %d polls; want DONE after 3", feed.ProcessingStatus, api.count[id])
	}
	r, err := feeds.Result(t.Context(), feed)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	want := "<ProcessingReport><DocumentTransactionID>" + id + "</DocumentTransactionID><MessagesProcessed>" + strconv.Itoa(2000) + "</MessagesProcessed></ProcessingReport>"
	if string(got) != want {
		t.Fatalf("result = %q\nwant %q", got, want)
	}
	// The document the feed was created with holds exactly the content,
	// uploaded with the declared content type.
	if !bytes.Contains(api.bodies["/feeds/2021-06-30/feeds"], []byte(`"feedOptions":{"key":"value"}`)) {
		t.Fatalf("createFeed body = %s", api.bodies["/feeds/2021-06-30/feeds"])
	}
	if h := store.headers[0]; h.Get("Content-Type") != "text/xml; charset=UTF-8" {
		t.Fatalf("upload Content-Type = %q", h.Get("Content-Type"))
	}
	for _, call := range api.calls {
		if strings.Contains(call, "/feeds/2021-06-30/documents/") && !strings.Contains(call, "enableContentEncodingUrlHeader=true") {
			t.Fatalf("getFeedDocument without enableContentEncodingUrlHeader: %s", call)
		}
	}
	var uploaded *object
	for _, o := range store.objects {
		if o.contentType == "text/xml; charset=UTF-8" {
			uploaded = o
		}
	}
	if uploaded == nil || !bytes.Equal(uploaded.data, content) {
		t.Fatal("uploaded document differs from the content")
	}
}

func TestReportFetch(t *testing.T) {
	store := newStorage(t)
	api := newSPAPI(t, store)
	reports, err := NewReports(newClient(t, api.URL), WithPollInterval(time.Millisecond, 4*time.Millisecond))
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

	api.final = "FATAL"
	_, err = reports.Fetch(t.Context(), reports20210630.CreateReportSpecification{ReportType: "GET_MERCHANT_LISTINGS_ALL_DATA", MarketplaceIds: []string{"ATVPDKIKX0DER"}})
	var nd *NotDoneError
	if !errors.As(err, &nd) || nd.Report.ProcessingStatus != "FATAL" {
		t.Fatalf("err = %v; want NotDoneError FATAL", err)
	}
}

// TestWaitHonoursContext: polling stops when the context ends.
func TestWaitHonoursContext(t *testing.T) {
	store := newStorage(t)
	api := newSPAPI(t, store)
	api.polls = 1 << 30
	reports, err := NewReports(newClient(t, api.URL), WithPollInterval(20*time.Millisecond, 20*time.Millisecond))
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
	store := newStorage(t)
	api := newSPAPI(t, store)
	up, err := NewUploads(newClient(t, api.URL))
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
			o := store.get(id)
			if o == nil || !o.uploaded || o.md5 != base64.StdEncoding.EncodeToString(sum[:]) {
				t.Fatalf("object %s = %+v", id, o)
			}
			if !bytes.Equal(o.data, img) {
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
	store := newStorage(t)
	c := newClient(t, "http://127.0.0.1:1")
	store.put("k", &object{uploaded: true, data: []byte("x")})
	good := store.presign("k", false)
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
