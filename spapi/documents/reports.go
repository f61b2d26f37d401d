package documents

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/spapi"
)

// Reports requests reports and downloads them with the Reports API
// 2021-06-30.
type Reports struct {
	api  *reports20210630.Client
	http *http.Client
	settings
}

// NewReports returns Reports calling through c.
func NewReports(c *spapi.Client, opts ...Option) (*Reports, error) {
	api, err := reports20210630.New(c)
	if err != nil {
		return nil, err
	}
	return &Reports{api: api, http: c.HTTPClient(), settings: newSettings(opts)}, nil
}

// Create requests a report (createReport) and returns its ID.
func (r *Reports) Create(ctx context.Context, spec reports20210630.CreateReportSpecification) (string, error) {
	resp, err := r.api.CreateReport(ctx, spec)
	if err != nil {
		return "", fmt.Errorf("documents: createReport %s: %w", spec.ReportType, err)
	}
	return resp.ReportID, nil
}

// Wait polls getReport with backoff until the report is DONE, FATAL or
// CANCELLED, and returns it.
func (r *Reports) Wait(ctx context.Context, reportID string) (*reports20210630.Report, error) {
	var rep *reports20210630.Report
	err := r.poll(ctx, func() (bool, error) {
		resp, err := r.api.GetReport(ctx, reportID)
		if err != nil {
			return false, fmt.Errorf("documents: getReport %s: %w", reportID, err)
		}
		rep = resp
		switch rep.ProcessingStatus {
		case reports20210630.ReportProcessingStatusDONE, reports20210630.ReportProcessingStatusFATAL, reports20210630.ReportProcessingStatusCANCELLED:
			return true, nil
		}
		return false, nil
	})
	return rep, err
}

// NotDoneError is returned by Fetch for a report that finished without
// data: FATAL (its document, if any, describes the failure) or CANCELLED.
type NotDoneError struct {
	Report *reports20210630.Report
}

// Error names the report and how it ended.
func (e *NotDoneError) Error() string {
	return fmt.Sprintf("documents: report %s (%s) ended %s", e.Report.ReportID, e.Report.ReportType, e.Report.ProcessingStatus)
}

// Fetch creates a report, waits for it and opens its document. A report
// ending FATAL or CANCELLED gives a *NotDoneError.
func (r *Reports) Fetch(ctx context.Context, spec reports20210630.CreateReportSpecification) (io.ReadCloser, error) {
	id, err := r.Create(ctx, spec)
	if err != nil {
		return nil, err
	}
	rep, err := r.Wait(ctx, id)
	if err != nil {
		return nil, err
	}
	if rep.ProcessingStatus != reports20210630.ReportProcessingStatusDONE || rep.ReportDocumentID == nil {
		return nil, &NotDoneError{Report: rep}
	}
	return r.Document(ctx, *rep.ReportDocumentID)
}

// Document opens a report document: getReportDocument, then a download of
// its presigned URL, decompressed per its compressionAlgorithm. Close it
// after reading.
func (r *Reports) Document(ctx context.Context, documentID string) (io.ReadCloser, error) {
	enc := true
	resp, err := r.api.GetReportDocument(ctx, documentID, &reports20210630.GetReportDocumentParams{EnableContentEncodingURLHeader: &enc})
	if err != nil {
		return nil, fmt.Errorf("documents: getReportDocument %s: %w", documentID, err)
	}
	compression := ""
	if resp.CompressionAlgorithm != nil {
		compression = string(*resp.CompressionAlgorithm)
	}
	return Download(ctx, r.http, resp.URL, compression)
}
