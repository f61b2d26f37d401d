package spapitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The report flow (Reports API 2021-06-30): createReport with any
// reportType no case names starts a report, which getReport sees go
// IN_QUEUE → IN_PROGRESS → DONE (see [Progress]), or FATAL when its
// document cannot be produced, or CANCELLED after cancelReport while
// IN_QUEUE. A DONE report has a reportDocumentId whose getReportDocument
// points at a presigned URL on [DocumentsHost] serving the document (gzip
// compressed with [GzipDocuments]). getReports lists the flow's reports.
// REPORT_PROCESSING_FINISHED is sent when a report ends.

// ReportRequest is a createReport request as a [ReportFunc] sees it.
type ReportRequest struct {
	// ReportID is the ID the sandbox gave the report.
	ReportID string
	// ReportType, MarketplaceIDs, DataStartTime, DataEndTime and Options
	// are the request's (times as sent, "" when absent).
	ReportType                 string
	MarketplaceIDs             []string
	DataStartTime, DataEndTime string
	Options                    map[string]string
}

// ReportFunc produces the document of a report. An error makes the report
// FATAL; its document then holds {"errorDetails": the error's text}, as
// Amazon's FATAL reports do.
type ReportFunc func(r ReportRequest) ([]byte, error)

// ReportDocument makes reports of reportType get the document fn returns.
// Without one, a report type whose Amazon report schema (schemas/reports,
// found near the models directory) names it gets the schema's first
// example; any other report ends FATAL with errorDetails saying so.
func ReportDocument(reportType string, fn ReportFunc) Option {
	return func(c *config) {
		if c.flow.reportDocs == nil {
			c.flow.reportDocs = map[string]ReportFunc{}
		}
		c.flow.reportDocs[reportType] = fn
	}
}

// report is one report of the flow.
type report struct {
	req      ReportRequest
	created  time.Time
	started  time.Time
	ended    time.Time
	progress progress
	docID    string // once ended DONE or FATAL
	doc      []byte // the document it ends with
}

// reportFlow holds the reports the sandbox started.
type reportFlow struct {
	s       *Server
	mu      sync.Mutex
	reports map[string]*report
	ids     []string          // report IDs in creation order
	docs    map[string]string // reportDocumentId → document URL
	seq     int
	schemas *reportExamples
}

func newReportFlow(s *Server) *reportFlow {
	return &reportFlow{s: s, reports: map[string]*report{}, docs: map[string]string{}, schemas: newReportExamples(s.cfg.dir)}
}

func (f *reportFlow) owned(c *Call) *Reply {
	switch c.Operation {
	case "getReport", "cancelReport":
		f.mu.Lock()
		r := f.reports[c.PathParams["reportId"]]
		f.mu.Unlock()
		if r == nil {
			return nil
		}
		if c.Operation == "cancelReport" {
			return f.cancel(c, r)
		}
		return f.poll(r)
	case "getReportDocument":
		id := c.PathParams["reportDocumentId"]
		f.mu.Lock()
		u, ok := f.docs[id]
		f.mu.Unlock()
		if !ok {
			return nil
		}
		return documentReply(id, "reportDocumentId", u, f.s.cfg.flow.gzip)
	}
	return nil
}

func (f *reportFlow) fresh(c *Call) (func() *Reply, bool) {
	switch c.Operation {
	case "createReport":
		return func() *Reply { return f.create(c) }, true
	case "getReports":
		// Only once the flow has reports: until then getReports answers
		// from Amazon's cases alone.
		f.mu.Lock()
		n := len(f.ids)
		f.mu.Unlock()
		return func() *Reply { return f.list(c) }, n > 0
	}
	return nil, false
}

// create starts a report for a createReport request (already valid
// against the model).
func (f *reportFlow) create(c *Call) *Reply {
	body, _ := c.Body.(map[string]any)
	req := ReportRequest{
		ReportType:     str(body["reportType"]),
		MarketplaceIDs: strs(body["marketplaceIds"]),
		DataStartTime:  str(body["dataStartTime"]),
		DataEndTime:    str(body["dataEndTime"]),
	}
	if opts, ok := body["reportOptions"].(map[string]any); ok {
		req.Options = map[string]string{}
		for k, v := range opts {
			req.Options[k] = str(v)
		}
	}
	f.mu.Lock()
	f.seq++
	req.ReportID = strconv.Itoa(50000000000 + f.seq)
	f.mu.Unlock()
	r := &report{req: req, created: f.s.now(), progress: progress{perState: f.s.cfg.flow.pollsPerState(), final: statusDone}}
	doc, err := f.document(req)
	if err != nil {
		r.progress.final = statusFatal
		doc, _ = json.Marshal(map[string]string{"errorDetails": err.Error()}) // a map of strings encodes
	}
	r.doc = doc
	f.mu.Lock()
	f.reports[req.ReportID] = r
	f.ids = append(f.ids, req.ReportID)
	done := r.progress.finished()
	if done {
		f.finish(r)
	}
	f.mu.Unlock()
	if done {
		f.notify(r)
	}
	return &Reply{Status: http.StatusAccepted, Body: map[string]any{"reportId": req.ReportID},
		Note: fmt.Sprintf("started report %s (%s)", req.ReportID, req.ReportType)}
}

// document produces the report's document: the test's ReportFunc, else
// the example of the report type's schema.
func (f *reportFlow) document(req ReportRequest) ([]byte, error) {
	if fn := f.s.cfg.flow.reportDocs[req.ReportType]; fn != nil {
		return fn(req)
	}
	if ex, file, err := f.schemas.example(req.ReportType); err != nil {
		return nil, err
	} else if ex != nil {
		f.s.cfg.logger.Info("sandbox: report "+req.ReportID+" gets the example of "+file, "reportType", req.ReportType)
		return ex, nil
	}
	return nil, fmt.Errorf("the sandbox has no document for report type %s: give one with spapitest.ReportDocument (report schemas cover %s)",
		req.ReportType, strings.Join(f.schemas.types(), ", "))
}

// poll answers getReport, advancing the report.
func (f *reportFlow) poll(r *report) *Reply {
	f.mu.Lock()
	status, finishedNow := r.progress.poll()
	if status == statusInProgress && r.started.IsZero() {
		r.started = f.s.now()
	}
	if finishedNow {
		f.finish(r)
	}
	body := r.view(status)
	f.mu.Unlock()
	if finishedNow {
		f.notify(r)
	}
	return &Reply{Status: http.StatusOK, Body: body, Note: fmt.Sprintf("report %s is %s", r.req.ReportID, status)}
}

// finish stores the document of a report that ended DONE or FATAL; f.mu
// is held.
func (f *reportFlow) finish(r *report) {
	r.ended = f.s.now()
	if r.started.IsZero() {
		r.started = r.ended
	}
	if r.progress.status() == statusCancelled {
		return
	}
	r.docID = "amzn1.spdoc.1.4.na.sandbox-report-" + r.req.ReportID
	u := f.s.putFlowDocument(r.docID, r.doc)
	f.docs[r.docID] = u
}

// notify sends REPORT_PROCESSING_FINISHED for an ended report; f.mu is
// not held.
func (f *reportFlow) notify(r *report) {
	f.mu.Lock()
	payload := map[string]any{"reportId": r.req.ReportID, "reportType": r.req.ReportType, "processingStatus": r.progress.status()}
	if r.docID != "" {
		payload["reportDocumentId"] = r.docID
	}
	f.mu.Unlock()
	f.s.notify.send(ReportProcessingFinished, "reportProcessingFinishedNotification", payload)
}

// cancel answers cancelReport: a report still IN_QUEUE is cancelled, as
// on SP-API; any other is refused.
func (f *reportFlow) cancel(c *Call, r *report) *Reply {
	f.mu.Lock()
	status := r.progress.status()
	if status != statusInQueue {
		f.mu.Unlock()
		return c.Error(http.StatusBadRequest, CodeInvalidInput,
			fmt.Sprintf("report %s is %s; only a report IN_QUEUE can be cancelled", r.req.ReportID, status))
	}
	r.progress.cancelled = true
	f.finish(r)
	f.mu.Unlock()
	f.notify(r)
	return &Reply{Status: http.StatusOK, Note: "cancelled report " + r.req.ReportID}
}

// view is the Report object getReport answers with; f.mu is held.
func (r *report) view(status string) map[string]any {
	v := map[string]any{
		"reportId":         r.req.ReportID,
		"reportType":       r.req.ReportType,
		"createdTime":      timestamp(r.created),
		"processingStatus": status,
	}
	if len(r.req.MarketplaceIDs) > 0 {
		v["marketplaceIds"] = r.req.MarketplaceIDs
	}
	if r.req.DataStartTime != "" {
		v["dataStartTime"] = r.req.DataStartTime
	}
	if r.req.DataEndTime != "" {
		v["dataEndTime"] = r.req.DataEndTime
	}
	addTimes(v, status, r.started, r.ended, "reportDocumentId", r.docID)
	return v
}

// list answers getReports with the flow's reports, oldest first, filtered
// by reportTypes, processingStatuses and marketplaceIds, pageSize at a
// time (nextToken is the offset of the next page).
func (f *reportFlow) list(c *Call) *Reply {
	filter := filterOf(c, "reportTypes")
	from, size, rep := pageOf(c)
	if rep != nil {
		return rep
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var all []map[string]any
	for _, id := range f.ids {
		r := f.reports[id]
		status := r.progress.status()
		if filter.keeps(r.req.ReportType, status, r.req.MarketplaceIDs) {
			all = append(all, r.view(status))
		}
	}
	return listReply("reports", all, from, size)
}
