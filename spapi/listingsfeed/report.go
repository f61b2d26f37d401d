package listingsfeed

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spgen/spgen/generated/schemas/feeds/listingsfeedprocessingreportschemav2"
)

// Report is the processing report of a JSON listings feed.
type Report = listingsfeedprocessingreportschemav2.ListingsFeedProcessingReportSchemaV2

// Issue is one issue of a processing report.
type Issue = listingsfeedprocessingreportschemav2.ListingsFeedProcessingReportSchemaV2Issue

// MaxReportSize bounds the processing report ReadReport reads (a feed has
// at most 25,000 messages; Amazon's reports stay far below this).
const MaxReportSize = 256 << 20

// Result is a parsed processing report.
type Result struct {
	// Report is the whole report, typed.
	Report *Report
	// ByMessage holds the issues of each message ID; issues without one
	// (about the feed as a whole) are under 0.
	ByMessage map[int64][]Issue
}

// Accepted reports whether message id has no ERROR issue.
func (r *Result) Accepted(id int64) bool {
	for _, is := range r.ByMessage[id] {
		if is.Severity == "ERROR" {
			return false
		}
	}
	return true
}

// ReadReport decodes a processing report (strictly, with the generated
// decoder) and groups its issues by message ID.
func ReadReport(r io.Reader) (*Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxReportSize+1))
	if err != nil {
		return nil, fmt.Errorf("listingsfeed: read report: %w", err)
	}
	if len(data) > MaxReportSize {
		return nil, fmt.Errorf("listingsfeed: processing report exceeds %d bytes", MaxReportSize)
	}
	rep := new(Report)
	if err := json.Unmarshal(data, rep); err != nil {
		return nil, fmt.Errorf("listingsfeed: processing report: %w", err)
	}
	res := &Result{Report: rep, ByMessage: map[int64][]Issue{}}
	for _, is := range rep.Issues {
		id := int64(0)
		if is.MessageID != nil {
			id = *is.MessageID
		}
		res.ByMessage[id] = append(res.ByMessage[id], is)
	}
	return res, nil
}
