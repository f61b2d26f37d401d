package spapitest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// The listings the flows answer (getReports, getFeeds): filters and
// pages.

// overlaps reports whether a and b share an item.
func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// pageOf reads a listing's pageSize (default 10) and nextToken (the
// offset the flow issued); rep is the error for a token it did not issue.
func pageOf(c *Call) (from, size int, rep *Reply) {
	size = 10
	if n, err := strconv.Atoi(c.Query.Get("pageSize")); err == nil && n > 0 {
		size = n
	}
	if tok := c.Query.Get("nextToken"); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 {
			return 0, 0, c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("nextToken %q is not one the sandbox issued", tok))
		}
		from = n
	}
	return from, size, nil
}

// listReply is a page of a listing: the items from offset from, at most
// size, under key, with nextToken when more follow.
func listReply(key string, all []map[string]any, from, size int) *Reply {
	page := []map[string]any{}
	if from < len(all) {
		page = all[from:min(from+size, len(all))]
	}
	body := map[string]any{key: page}
	if from+size < len(all) {
		body["nextToken"] = strconv.Itoa(from + size)
	}
	return &Reply{Status: http.StatusOK, Body: body, Note: fmt.Sprintf("listed %d of the flow's %d %s", len(page), len(all), key)}
}

// listFilter is a listing's filter (getReports, getFeeds): the types,
// processing statuses and marketplaces asked for; an empty one keeps all.
type listFilter struct {
	types, statuses, marketplaces []string
}

// filterOf reads the filter of a listing whose types parameter is
// typesParam (reportTypes, feedTypes).
func filterOf(c *Call, typesParam string) listFilter {
	return listFilter{splitList(c.Query[typesParam]), splitList(c.Query["processingStatuses"]), splitList(c.Query["marketplaceIds"])}
}

// keeps reports whether an entry of the type, status and marketplaces
// given passes the filter.
func (f listFilter) keeps(typ, status string, marketplaces []string) bool {
	return (len(f.types) == 0 || slices.Contains(f.types, typ)) && (len(f.statuses) == 0 || slices.Contains(f.statuses, status)) &&
		(len(f.marketplaces) == 0 || overlaps(f.marketplaces, marketplaces))
}

// addTimes adds to a report's or feed's view the processing times its
// status has reached and, once final, its document's ID under docKey.
func addTimes(v map[string]any, status string, started, ended time.Time, docKey, docID string) {
	if status != statusInQueue && !started.IsZero() {
		v["processingStartTime"] = timestamp(started)
	}
	if isFinal(status) {
		v["processingEndTime"] = timestamp(ended)
		if docID != "" {
			v[docKey] = docID
		}
	}
}
