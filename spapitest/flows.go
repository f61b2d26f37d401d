package spapitest

import (
	"fmt"
	"net/http"
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
