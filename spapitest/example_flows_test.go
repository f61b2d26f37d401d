package spapitest_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/generated/schemas/notifications/reportprocessingfinishednotification"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/documents"
	"github.com/spgen/spgen/spapi/notifications"
	"github.com/spgen/spgen/spapitest"
)

// A report flow: the test supplies the document, spapi/documents requests
// the report, polls it to DONE and downloads it, and the queue handler
// gets REPORT_PROCESSING_FINISHED as an SQS body. In a test, use
// spapitest.Start(t, ...) instead of New and Start.
func Example_reportFlow() {
	queue := make(chan []byte, 1)
	sb, err := spapitest.New(spapitest.Models("../../shared/models/spapi"), spapitest.Only("reports_2021-06-30.json"),
		spapitest.ReportDocument("GET_MERCHANT_LISTINGS_ALL_DATA", func(r spapitest.ReportRequest) ([]byte, error) {
			return []byte("sku\tprice\nSKU-1\t9.99\n"), nil
		}),
		spapitest.GzipDocuments(),
		spapitest.OnNotification(func(body []byte) { queue <- body }))
	if err != nil {
		log.Fatal(err)
	}
	sb.Start()
	defer sb.Close()

	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		log.Fatal(err)
	}
	reports, err := documents.NewReports(c, documents.WithPollInterval(time.Millisecond, time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	doc, err := reports.Fetch(context.Background(), reports20210630.CreateReportSpecification{
		ReportType: "GET_MERCHANT_LISTINGS_ALL_DATA", MarketplaceIds: []string{"ATVPDKIKX0DER"}})
	if err != nil {
		log.Fatal(err)
	}
	defer doc.Close()
	text, err := io.ReadAll(doc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", text)

	n, err := notifications.Parse(<-queue)
	if err != nil {
		log.Fatal(err)
	}
	p := n.Value.(*reportprocessingfinishednotification.ReportProcessingFinishedNotification).Payload.ReportProcessingFinishedNotification
	fmt.Println(n.Type, p.ReportType, p.ProcessingStatus)
	// Output:
	// "sku\tprice\nSKU-1\t9.99\n"
	// REPORT_PROCESSING_FINISHED GET_MERCHANT_LISTINGS_ALL_DATA DONE
}
