package documents

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/mwsxml"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// exampleSandbox starts the offline sandbox for an example and returns an
// spapi.Client on it; in production the client is spapi.New with a Region
// and LWA credentials. Close the sandbox when done.
func exampleSandbox(opts ...spapitest.Option) (*spapitest.Server, *spapi.Client) {
	sb, err := spapitest.New(append([]spapitest.Option{spapitest.Models(modelsDir), sandboxModels}, opts...)...)
	if err != nil {
		log.Fatal(err)
	}
	sb.Start()
	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		log.Fatal(err)
	}
	return sb, c
}

// Submit a feed, wait for Amazon to process it and read the processing
// report: createFeedDocument, upload, createFeed, getFeed polling,
// getFeedDocument and a decompressing download.
func ExampleFeeds() {
	sb, c := exampleSandbox()
	defer sb.Close()

	feeds, err := NewFeeds(c, WithPollInterval(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	xml := `<?xml version="1.0"?><AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>M</MerchantIdentifier></Header>` +
		`<MessageType>OrderFulfillment</MessageType><Message><MessageID>1</MessageID><OrderFulfillment><AmazonOrderID>123-1234567-1234567</AmazonOrderID>` +
		`<FulfillmentDate>2024-05-01T10:00:00Z</FulfillmentDate></OrderFulfillment></Message></AmazonEnvelope>`
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
	rep, err := mwsxml.ReadReport(report)
	if err != nil {
		log.Fatal(err)
	}
	processed, ok, _, _ := rep.Counts()
	fmt.Println(feed.ProcessingStatus)
	fmt.Println(rep.StatusCode, processed, "processed,", ok, "successful")
	// Output:
	// DONE
	// Complete 1 processed, 1 successful
}

// Request a report and read it as it downloads.
func ExampleReports_Fetch() {
	sb, c := exampleSandbox(listingsReport, spapitest.GzipDocuments())
	defer sb.Close()

	reports, err := NewReports(c, WithPollInterval(time.Millisecond, 10*time.Millisecond))
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
	if _, err := io.ReadFull(r, head); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", head)
	// Output:
	// "sku\tasin\tprice\nSKU-0000\tB000000000\t0.99\nSK"
}

// Upload an image for A+ Content; the Content-MD5 is computed on the way.
func ExampleUploads() {
	sb, c := exampleSandbox()
	defer sb.Close()

	uploads, err := NewUploads(c)
	if err != nil {
		log.Fatal(err)
	}
	png := "\x89PNG\r\n\x1a\n..."
	id, err := uploads.Upload(context.Background(), File{
		Resource:       "aplus/2020-11-01/contentDocuments",
		MarketplaceIDs: []string{"ATVPDKIKX0DER"},
		ContentType:    "image/png",
		Content:        strings.NewReader(png),
	})
	if err != nil {
		log.Fatal(err)
	}
	stored, _ := sb.Document(spapitest.UploadURL(id))
	fmt.Println(stored.ContentType, string(stored.Body) == png)
	// Output:
	// image/png true
}
