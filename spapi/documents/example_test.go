package documents

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/spapi"
	"golang.org/x/oauth2"
)

// exampleClient returns an spapi.Client for the loopback fake of the
// examples; in production it is spapi.New with a Region and LWA
// credentials.
func exampleClient(endpoint string) *spapi.Client {
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: accessToken, Expiry: time.Now().Add(time.Hour)}, nil
	})
	c, err := spapi.New(spapi.Config{Endpoint: endpoint}, spapi.WithTokenSource(ts))
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// Submit a feed, wait for Amazon to process it and read the processing
// report: createFeedDocument, upload, createFeed, getFeed polling,
// getFeedDocument and a decompressing download.
func ExampleFeeds() {
	var done cleanups
	defer done.Close()
	amazon := newSPAPI(&done, newStorage(&done))

	feeds, err := NewFeeds(exampleClient(amazon.URL), WithPollInterval(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	xml := `<?xml version="1.0"?><AmazonEnvelope><Message>...</Message></AmazonEnvelope>`
	id, err := feeds.Submit(ctx, Feed{
		Type:           "POST_ORDER_FULFILLMENT_DATA",
		MarketplaceIDs: []string{"ATVPDKIKX0DER"},
		ContentType:    "text/xml; charset=UTF-8",
		Content:        strings.NewReader(xml),
		Size:           int64(len(xml)),
	})
	if err != nil {
		log.Fatal(err)
	}
	feed, err := feeds.Wait(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	report, err := feeds.Result(ctx, feed)
	if err != nil {
		log.Fatal(err)
	}
	defer report.Close()
	text, _ := io.ReadAll(report)
	fmt.Println(feed.ProcessingStatus)
	fmt.Println(string(text))
	// Output:
	// DONE
	// <ProcessingReport><DocumentTransactionID>50000</DocumentTransactionID><MessagesProcessed>1</MessagesProcessed></ProcessingReport>
}

// Request a report and read it as it downloads.
func ExampleReports_Fetch() {
	var done cleanups
	defer done.Close()
	amazon := newSPAPI(&done, newStorage(&done))

	reports, err := NewReports(exampleClient(amazon.URL), WithPollInterval(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	r, err := reports.Fetch(context.Background(), reports20210630.CreateReportSpecification{
		ReportType:     "GET_MERCHANT_LISTINGS_ALL_DATA",
		MarketplaceIds: []string{"ATVPDKIKX0DER"},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	head := make([]byte, 42)
	io.ReadFull(r, head)
	fmt.Printf("%q\n", head)
	// Output:
	// "sku\tasin\tprice\nSKU-0000\tB000000000\t0.99\nSK"
}

// Upload an image for A+ Content; the Content-MD5 is computed on the way.
func ExampleUploads() {
	var done cleanups
	defer done.Close()
	amazon := newSPAPI(&done, newStorage(&done))

	uploads, err := NewUploads(exampleClient(amazon.URL))
	if err != nil {
		log.Fatal(err)
	}
	id, err := uploads.Upload(context.Background(), File{
		Resource:       "aplus/2020-11-01/contentDocuments",
		MarketplaceIDs: []string{"ATVPDKIKX0DER"},
		ContentType:    "image/png",
		Content:        strings.NewReader("\x89PNG\r\n\x1a\n..."),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.HasPrefix(id, "sc/"), strings.HasSuffix(id, ".png"))
	// Output:
	// true true
}
