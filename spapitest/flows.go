package spapitest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A flow is a stateful workflow the sandbox plays beyond the static cases
// (reports.go, feeds.go, orders.go). A request that names a matching case
// with [CaseHeader] gets that case; otherwise each flow answers the
// operations it knows in two ways:
//
//   - owned: the request names something the flow issued or was seeded
//     with (a reportId, reportDocumentId, feedId or feedDocumentId it
//     returned, an order given to [SeedOrders], a createFeed naming a feed
//     document it issued). The flow answers whatever case would match.
//   - fresh: the request starts something new or lists the flow's state
//     (createReport, createFeedDocument, getReports, getOrders with a seeded
//     store). The flow answers only when no case naming a parameter value
//     matches: Amazon's cases use magic values (reportType
//     BAD_FEE_DISCOUNTS_REPORT, CreatedAfter TEST_CASE_200) which keep
//     their answers, while a case that names nothing (Amazon files some
//     rejections under an empty request) does not shadow a flow. Responders
//     given with [Respond] come first.
type flow interface {
	// owned answers a request naming something the flow holds, nil when
	// it names nothing of the flow's.
	owned(c *Call) *Reply
	// fresh reports whether the flow answers the request when no case
	// naming a value matches, and the answer.
	fresh(c *Call) (func() *Reply, bool)
}

// answerFlow is the hook of serveOperation for a valid request, given the
// case that would answer it (nil when none matches). It reports whether a
// flow, or a responder the user gave for an operation a flow plays,
// answered.
func (s *Server) answerFlow(w http.ResponseWriter, c *Call, matched *Case) bool {
	if matched != nil && c.Header.Get(CaseHeader) == matched.ID() {
		return false // the request picked its case
	}
	for _, f := range s.flows {
		if rep := f.owned(c); rep != nil {
			s.writeReply(w, c, rep)
			return true
		}
	}
	if matched != nil && namesValue(matched) {
		return false
	}
	for _, f := range s.flows {
		answer, ok := f.fresh(c)
		if !ok {
			continue
		}
		for _, r := range s.cfg.responders[c.Operation] {
			if rep := r(c); rep != nil {
				s.writeReply(w, c, rep)
				return true
			}
		}
		s.writeReply(w, c, answer())
		return true
	}
	return false
}

// namesValue reports whether the case constrains the request: it names a
// path, query or header parameter, or a body with at least one value.
func namesValue(c *Case) bool {
	for name, v := range c.values {
		if p := c.op.param(name); p != nil && p.in == inBody && nodes(v) == 0 {
			continue
		}
		return true
	}
	return false
}

// now is the sandbox's time for the timestamps flows and notifications
// carry (createdTime, processingEndTime, eventTime).
func (s *Server) now() time.Time { return time.Now().UTC() }

// Progress sets how many polls (getReport, getFeed) a report or feed
// spends in each of IN_QUEUE and IN_PROGRESS before it is DONE (or
// FATAL): by default 1, so the first poll sees IN_QUEUE, the second
// IN_PROGRESS and the third DONE. With 0 a report or feed is finished when
// created (and its notification sent then). States never change with the
// wall clock.
func Progress(polls int) Option {
	return func(c *config) { n := max(polls, 0); c.flow.polls = &n }
}

// flowConfig holds the options of the stateful flows.
type flowConfig struct {
	polls       *int
	reportDocs  map[string]ReportFunc
	feedReports map[string]FeedFunc
	gzip        bool
	orders      []Order
	notify      []func(body []byte)
	sellerID    string
}

// pollsPerState is the configured [Progress], 1 by default.
func (c *flowConfig) pollsPerState() int {
	if c.polls == nil {
		return 1
	}
	return *c.polls
}

// progress is the processing state machine reports and feeds share: it
// is IN_QUEUE, then IN_PROGRESS, then done, advancing every perState
// polls.
type progress struct {
	perState int
	polls    int
	// final is the end state (DONE, FATAL or CANCELLED); set by cancel.
	final     string
	cancelled bool
}

// Processing statuses of reports and feeds.
const (
	statusInQueue    = "IN_QUEUE"
	statusInProgress = "IN_PROGRESS"
	statusDone       = "DONE"
	statusFatal      = "FATAL"
	statusCancelled  = "CANCELLED"
)

// status is the state after p.polls polls.
func (p *progress) status() string {
	switch {
	case p.cancelled:
		return statusCancelled
	case p.polls < p.perState:
		return statusInQueue
	case p.polls < 2*p.perState:
		return statusInProgress
	}
	return p.final
}

// poll counts a poll and reports the state it sees and whether the flow
// finished with it (its notification is then due: the next poll sees the
// end state).
func (p *progress) poll() (status string, finishedNow bool) {
	before := p.status()
	if !p.finished() {
		p.polls++
	}
	// The poll sees the state before it advanced.
	return before, p.finished() && !isFinal(before)
}

func (p *progress) finished() bool { return isFinal(p.status()) }

func isFinal(status string) bool {
	return status == statusDone || status == statusFatal || status == statusCancelled
}

// setupFlows starts the flows whose operations the loaded models serve:
// reports with the Reports API 2021-06-30, feeds with the Feeds API
// 2021-06-30, the order store with the Orders API v0.
func (s *Server) setupFlows() error {
	fc := &s.cfg.flow
	seller := fc.sellerID
	if seller == "" {
		seller = SandboxSellerID
	}
	s.notify = &notifier{sellerID: seller, deliver: fc.notify, now: s.now, logger: s.cfg.logger}
	if s.serves("createReport") {
		s.flows = append(s.flows, newReportFlow(s))
	}
	if s.serves("createFeedDocument") {
		s.flows = append(s.flows, newFeedFlow(s))
	}
	if len(fc.orders) > 0 {
		if !s.serves("getOrder") {
			return fmt.Errorf("spapitest: SeedOrders: the Orders API v0 model (ordersV0.json) is not served")
		}
		st, err := newOrderStore(s, fc.orders)
		if err != nil {
			return err
		}
		s.flows = append(s.flows, st)
	}
	return nil
}

// serves reports whether a loaded model has the operation.
func (s *Server) serves(operationID string) bool {
	for _, m := range s.models {
		for _, op := range m.Operations {
			if op.ID == operationID {
				return true
			}
		}
	}
	return false
}

// timestamp is the ISO 8601 form the Reports and Feeds APIs answer with.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// str is a decoded JSON value as text ("" for null and absent values).
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	default:
		return scalarText(v)
	}
}

// strs is a decoded JSON array of strings.
func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, str(e))
	}
	return out
}

// splitList is a query array parameter's items (comma-separated or
// repeated).
func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			if item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

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
