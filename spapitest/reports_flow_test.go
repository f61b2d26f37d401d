package spapitest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"testing"
	"time"

	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/generated/schemas/notifications/reportprocessingfinishednotification"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/documents"
	"github.com/spgen/spgen/spapi/notifications"
	"github.com/spgen/spgen/spapitest"
)

// flowRuntime is the spapi runtime on sb, with the typed clients' polling
// made fast.
func flowRuntime(t *testing.T, sb *spapitest.Server) *spapi.Client {
	t.Helper()
	rt, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// fastPoll is the polling of documents.Reports/Feeds in these tests.
var fastPoll = documents.WithPollInterval(time.Millisecond, time.Millisecond)

// TestReportFlow: createReport with an ordinary reportType starts a report
// that getReport sees go IN_QUEUE, IN_PROGRESS, DONE; its document (the
// one the test supplies) downloads gzip-compressed and decompresses
// through spapi/documents; REPORT_PROCESSING_FINISHED arrives as an SQS
// body that spapi/notifications parses into the typed notification.
func TestReportFlow(t *testing.T) {
	const tsv = "sku\tasin\tprice\nSKU-1\tB000000001\t9.99\n"
	got := make(chan []byte, 4)
	var asked spapitest.ReportRequest
	sb := start(t, []string{"reports_2021-06-30.json"},
		spapitest.GzipDocuments(),
		spapitest.SellerID("A2SELLER"),
		spapitest.OnNotification(func(b []byte) { got <- b }),
		spapitest.ReportDocument("GET_MERCHANT_LISTINGS_ALL_DATA", func(r spapitest.ReportRequest) ([]byte, error) {
			asked = r
			return []byte(tsv), nil
		}))
	rt := flowRuntime(t, sb)
	reports, err := reports20210630.New(rt)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := spapi.DateTimeOf("2026-11-01T00:00:00Z")
	created, err := reports.CreateReport(ctx, reports20210630.CreateReportSpecification{
		ReportType: "GET_MERCHANT_LISTINGS_ALL_DATA", MarketplaceIds: []string{"ATVPDKIKX0DER"}, DataStartTime: &start,
	})
	if err != nil {
		t.Fatal(err)
	}
	if asked.ReportID != created.ReportID || asked.ReportType != "GET_MERCHANT_LISTINGS_ALL_DATA" || asked.DataStartTime != "2026-11-01T00:00:00Z" ||
		len(asked.MarketplaceIDs) != 1 {
		t.Errorf("the ReportFunc was asked %+v for report %s", asked, created.ReportID)
	}
	var seen []reports20210630.ReportProcessingStatus
	var rep *reports20210630.Report
	for range 3 {
		if rep, err = reports.GetReport(ctx, created.ReportID); err != nil {
			t.Fatal(err)
		}
		seen = append(seen, rep.ProcessingStatus)
	}
	if fmt.Sprint(seen) != "[IN_QUEUE IN_PROGRESS DONE]" {
		t.Fatalf("states %v", seen)
	}
	if rep.ReportDocumentID == nil || rep.ProcessingEndTime == nil || rep.ProcessingStartTime == nil || rep.ReportType != "GET_MERCHANT_LISTINGS_ALL_DATA" {
		t.Fatalf("a DONE report: %+v", rep)
	}

	// The document: GZIP in the store, plain text through spapi/documents.
	meta, err := reports.GetReportDocument(ctx, *rep.ReportDocumentID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if meta.CompressionAlgorithm == nil || *meta.CompressionAlgorithm != "GZIP" {
		t.Errorf("compressionAlgorithm %v", meta.CompressionAlgorithm)
	}
	stored, ok := sb.Document(meta.URL)
	if !ok || !bytes.HasPrefix(stored.Body, []byte{0x1f, 0x8b}) {
		t.Fatalf("the stored document is not gzip (found %v)", ok)
	}
	docs, err := documents.NewReports(rt, fastPoll)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := docs.Document(ctx, *rep.ReportDocumentID)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(body) != tsv {
		t.Fatalf("document %q (%v)", body, err)
	}

	// The notification, sent once, as an SQS body.
	if n := len(sb.Notifications()); n != 1 {
		t.Fatalf("%d notifications", n)
	}
	note, err := notifications.Parse(<-got)
	if err != nil {
		t.Fatal(err)
	}
	v, ok := note.Value.(*reportprocessingfinishednotification.ReportProcessingFinishedNotification)
	if note.Type != spapitest.ReportProcessingFinished || note.Source != notifications.SQS || !ok {
		t.Fatalf("notification %s from %s: %T", note.Type, note.Source, note.Value)
	}
	if err := v.Validate(); err != nil {
		t.Errorf("the notification breaks its schema: %v", err)
	}
	p := v.Payload.ReportProcessingFinishedNotification
	if p.ReportID != created.ReportID || p.ProcessingStatus != "DONE" || p.ReportDocumentID == nil || *p.ReportDocumentID != *rep.ReportDocumentID ||
		p.SellerID == nil || *p.SellerID != "A2SELLER" || p.ReportType != "GET_MERCHANT_LISTINGS_ALL_DATA" {
		t.Errorf("payload %+v", p)
	}

	// getReports lists the flow's report; Amazon's magic values still get
	// their cases.
	list, err := reports.GetReports(ctx, &reports20210630.GetReportsParams{ReportTypes: []string{"GET_MERCHANT_LISTINGS_ALL_DATA"}})
	if err != nil || len(list.Reports) != 1 || list.Reports[0].ReportID != created.ReportID {
		t.Errorf("getReports: %+v %v", list, err)
	}
	var md spapi.ResponseMetadata
	if _, err := reports.GetReport(ctx, "ID323", spapi.WithMetadata(&md)); err != nil {
		t.Errorf("the case's report: %v", err)
	}
	_, err = reports.CreateReport(ctx, reports20210630.CreateReportSpecification{ReportType: "BAD_FEE_DISCOUNTS_REPORT",
		DataStartTime: ptr(spapi.DateTimeOf("2024-03-10T20:11:24.000Z")), MarketplaceIds: []string{"A1PA6795UKMFR9", "ATVPDKIKX0DER"}})
	var apiErr *spapi.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("the 400 case of createReport: %v", err)
	}
}

// TestReportFlowFromSchemaExample: a report type Amazon publishes a
// schema for gets the schema's example when the test supplies none, so
// documents.Reports.SalesAndTrafficByASIN decodes real-shaped rows; with
// Progress(0) the report is DONE when created.
func TestReportFlowFromSchemaExample(t *testing.T) {
	sb := start(t, []string{"reports_2021-06-30.json"}, spapitest.Progress(0))
	docs, err := documents.NewReports(flowRuntime(t, sb), fastPoll)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for row, err := range docs.SalesAndTrafficByASIN(context.Background(), reports20210630.CreateReportSpecification{MarketplaceIds: []string{"ATVPDKIKX0DER"}}) {
		if err != nil {
			t.Fatal(err)
		}
		if row.ParentASIN == "" {
			t.Errorf("row %+v", row)
		}
		rows++
	}
	if rows == 0 {
		t.Fatal("no rows")
	}
	if len(sb.Exchanges("getReport")) != 1 {
		t.Errorf("polled %d times; with Progress(0) the first poll sees DONE", len(sb.Exchanges("getReport")))
	}
}

// TestReportFlowFatalAndCancelled: a report whose document cannot be made
// ends FATAL with errorDetails saying why; a report cancelled while
// IN_QUEUE ends CANCELLED (with its notification), and cannot be cancelled
// again.
func TestReportFlowFatalAndCancelled(t *testing.T) {
	sb := start(t, []string{"reports_2021-06-30.json"},
		spapitest.ReportDocument("GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE", func(spapitest.ReportRequest) ([]byte, error) {
			return nil, errors.New("settlement reports cannot be requested")
		}))
	rt := flowRuntime(t, sb)
	docs, err := documents.NewReports(rt, fastPoll)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = docs.Fetch(ctx, reports20210630.CreateReportSpecification{ReportType: "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE", MarketplaceIds: []string{"ATVPDKIKX0DER"}})
	var nd *documents.NotDoneError
	if !errors.As(err, &nd) || nd.Report.ProcessingStatus != "FATAL" || nd.Report.ReportDocumentID == nil {
		t.Fatalf("Fetch: %v", err)
	}
	rc, err := docs.Document(ctx, *nd.Report.ReportDocumentID)
	if err != nil {
		t.Fatal(err)
	}
	var details struct {
		ErrorDetails string `json:"errorDetails"`
	}
	err = json.NewDecoder(rc).Decode(&details)
	rc.Close()
	if err != nil || details.ErrorDetails != "settlement reports cannot be requested" {
		t.Errorf("FATAL document: %+v %v", details, err)
	}
	// No document for the type and no schema naming it: FATAL, saying so.
	_, err = docs.Fetch(ctx, reports20210630.CreateReportSpecification{ReportType: "GET_FLAT_FILE_OPEN_LISTINGS_DATA", MarketplaceIds: []string{"ATVPDKIKX0DER"}})
	if !errors.As(err, &nd) || nd.Report.ProcessingStatus != "FATAL" {
		t.Fatalf("Fetch without a document: %v", err)
	}

	reports, err := reports20210630.New(rt)
	if err != nil {
		t.Fatal(err)
	}
	created, err := reports.CreateReport(ctx, reports20210630.CreateReportSpecification{ReportType: "GET_FLAT_FILE_OPEN_LISTINGS_DATA", MarketplaceIds: []string{"ATVPDKIKX0DER"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reports.CancelReport(ctx, created.ReportID); err != nil {
		t.Fatal(err)
	}
	rep, err := reports.GetReport(ctx, created.ReportID)
	if err != nil || rep.ProcessingStatus != "CANCELLED" || rep.ReportDocumentID != nil {
		t.Fatalf("after cancelReport: %+v %v", rep, err)
	}
	_, err = reports.CancelReport(ctx, created.ReportID)
	var apiErr *spapi.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("cancelling a CANCELLED report: %v", err)
	}
	notes := sb.Notifications()
	if len(notes) != 3 {
		t.Fatalf("%d notifications, want 2 FATAL and 1 CANCELLED", len(notes))
	}
	n, err := notifications.Parse(notes[2])
	if err != nil {
		t.Fatal(err)
	}
	if p := n.Value.(*reportprocessingfinishednotification.ReportProcessingFinishedNotification).Payload.ReportProcessingFinishedNotification; p.ProcessingStatus != "CANCELLED" || p.ReportDocumentID != nil {
		t.Errorf("CANCELLED notification %+v", p)
	}
	// The exchanges name the flow's answers (no case).
	for _, ex := range sb.Exchanges("cancelReport") {
		if ex.Case != "" {
			t.Errorf("cancelReport of %s answered by case %s", url.PathEscape(ex.Path), ex.Case)
		}
	}
}

func ptr[T any](v T) *T { return &v }
