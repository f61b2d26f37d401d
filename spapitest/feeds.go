package spapitest

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The feed flow (Feeds API 2021-06-30): createFeedDocument with a
// contentType no case names issues a feed document whose URL is a
// presigned upload URL on [UploadsHost], bound to that content type (the
// PUT must carry it, its signature, and a Content-MD5 that matches the
// body when it sends one). createFeed naming such a document starts a
// feed, which getFeed sees go IN_QUEUE → IN_PROGRESS → DONE (see
// [Progress]), or FATAL when nothing was uploaded, or CANCELLED after
// cancelFeed while IN_QUEUE. A DONE feed has a resultFeedDocumentId: the
// processing report derived from the uploaded document (feedreport.go,
// fulfillmentfeed.go), or the one [FeedReport] returns.
// getFeeds lists the flow's feeds. FEED_PROCESSING_FINISHED is sent when a
// feed ends.

// FeedRequest is a feed as a [FeedFunc] sees it.
type FeedRequest struct {
	// FeedID, FeedType and MarketplaceIDs are the feed's.
	FeedID, FeedType string
	MarketplaceIDs   []string
	// ContentType and Document are the uploaded feed document's.
	ContentType string
	Document    []byte
	// Report is the processing report the sandbox derived from the
	// document (see feedreport.go).
	Report []byte
}

// FeedFunc returns the processing report a feed ends with. An error makes
// the feed FATAL, without a report.
type FeedFunc func(f FeedRequest) ([]byte, error)

// FeedReport makes feeds of feedType end with the report fn returns, e.g.
// the derived one with the issues Amazon would add for messages the schema
// allows but the catalog refuses. What a fulfillment feed does to the
// order store is unchanged.
func FeedReport(feedType string, fn FeedFunc) Option {
	return func(c *config) {
		if c.flow.feedReports == nil {
			c.flow.feedReports = map[string]FeedFunc{}
		}
		c.flow.feedReports[feedType] = fn
	}
}

// feedsResource is the resource feed documents are uploaded for.
const feedsResource = "feeds/2021-06-30/documents"

// feed is one feed of the flow.
type feed struct {
	id, feedType   string
	marketplaceIDs []string
	inputDocID     string
	created        time.Time
	started, ended time.Time
	progress       progress
	report         []byte   // the processing report it ends with
	apply          []func() // what it changes once DONE
	resultDocID    string
}

// feedFlow holds the feed documents and feeds the sandbox issued.
type feedFlow struct {
	s       *Server
	mu      sync.Mutex
	inputs  map[string]string // feedDocumentId → upload destination ID
	results map[string]string // resultFeedDocumentId → document URL
	feeds   map[string]*feed
	ids     []string // feed IDs in creation order
	// docSeq and feedSeq number the feed documents and the feeds.
	docSeq, feedSeq int
}

func newFeedFlow(s *Server) *feedFlow {
	return &feedFlow{s: s, inputs: map[string]string{}, results: map[string]string{}, feeds: map[string]*feed{}}
}

func (f *feedFlow) owned(c *Call) *Reply {
	switch c.Operation {
	case "getFeed", "cancelFeed":
		f.mu.Lock()
		fd := f.feeds[c.PathParams["feedId"]]
		f.mu.Unlock()
		if fd == nil {
			return nil
		}
		if c.Operation == "cancelFeed" {
			return f.cancel(c, fd)
		}
		return f.poll(fd)
	case "getFeedDocument":
		id := c.PathParams["feedDocumentId"]
		f.mu.Lock()
		u, isResult := f.results[id]
		dest, isInput := f.inputs[id]
		f.mu.Unlock()
		switch {
		case isResult:
			return documentReply(id, "feedDocumentId", u, f.s.cfg.flow.gzip)
		case isInput:
			f.s.store.mu.Lock()
			u := f.s.store.dests[dest].url
			f.s.store.mu.Unlock()
			return documentReply(id, "feedDocumentId", u, false)
		}
	case "createFeed":
		body, _ := c.Body.(map[string]any)
		doc := str(body["inputFeedDocumentId"])
		f.mu.Lock()
		_, ok := f.inputs[doc]
		f.mu.Unlock()
		if ok {
			return f.create(c, body, doc)
		}
	}
	return nil
}

func (f *feedFlow) fresh(c *Call) (func() *Reply, bool) {
	switch c.Operation {
	case "createFeedDocument":
		return func() *Reply { return f.createDocument(c) }, true
	case "getFeeds":
		// Only once the flow has feeds: until then getFeeds answers from
		// Amazon's cases alone.
		f.mu.Lock()
		n := len(f.ids)
		f.mu.Unlock()
		return func() *Reply { return f.list(c) }, n > 0
	}
	return nil, false
}

// createDocument answers createFeedDocument: a feed document to upload
// to, bound to the request's contentType.
func (f *feedFlow) createDocument(c *Call) *Reply {
	body, _ := c.Body.(map[string]any)
	ct := str(body["contentType"])
	f.mu.Lock()
	f.docSeq++
	id := fmt.Sprintf("amzn1.tortuga.4.na.sandbox-feed-document-%d", f.docSeq)
	f.mu.Unlock()
	dest := f.s.newDestination(feedsResource, ct, "")
	f.mu.Lock()
	f.inputs[id] = dest.id
	f.mu.Unlock()
	return &Reply{Status: http.StatusCreated, Body: map[string]any{"feedDocumentId": id, "url": dest.url},
		Note: "issued feed document " + id + " for " + ct}
}

// create answers createFeed for a feed document the flow issued.
func (f *feedFlow) create(c *Call, body map[string]any, docID string) *Reply {
	f.mu.Lock()
	f.feedSeq++
	fd := &feed{
		id:             strconv.Itoa(60000000000 + f.feedSeq),
		feedType:       str(body["feedType"]),
		marketplaceIDs: strs(body["marketplaceIds"]),
		inputDocID:     docID,
		created:        f.s.now(),
		progress:       progress{perState: f.s.cfg.flow.pollsPerState(), final: statusDone},
	}
	dest := f.inputs[docID]
	f.mu.Unlock()

	f.s.store.mu.Lock()
	d := f.s.store.dests[dest]
	uploaded, contentType := d.uploaded, d.contentType
	f.s.store.mu.Unlock()
	var err error
	if doc, ok := f.s.Document(UploadURL(dest)); uploaded && ok {
		var p processed
		p, err = f.s.processingReport(fd.id, fd.feedType, contentType, doc.Body)
		fd.report, fd.apply = p.report, p.apply
		if fn := f.s.cfg.flow.feedReports[fd.feedType]; fn != nil && err == nil {
			fd.report, err = fn(FeedRequest{FeedID: fd.id, FeedType: fd.feedType, MarketplaceIDs: fd.marketplaceIDs,
				ContentType: contentType, Document: doc.Body, Report: p.report})
		}
	} else {
		uploaded = false
	}
	if !uploaded || err != nil {
		fd.progress.final = statusFatal
	}
	f.mu.Lock()
	f.feeds[fd.id] = fd
	f.ids = append(f.ids, fd.id)
	done := fd.progress.finished()
	if done {
		f.finish(fd)
	}
	f.mu.Unlock()
	if done {
		f.notify(fd)
	}
	note := fmt.Sprintf("started feed %s (%s) of %s", fd.id, fd.feedType, docID)
	switch {
	case !uploaded:
		note += ", which was never uploaded: it will end FATAL"
	case err != nil:
		note += ": it will end FATAL: " + err.Error()
	}
	return &Reply{Status: http.StatusAccepted, Body: map[string]any{"feedId": fd.id}, Note: note}
}

// poll answers getFeed, advancing the feed.
func (f *feedFlow) poll(fd *feed) *Reply {
	f.mu.Lock()
	status, finishedNow := fd.progress.poll()
	if status == statusInProgress && fd.started.IsZero() {
		fd.started = f.s.now()
	}
	if finishedNow {
		f.finish(fd)
	}
	body := fd.view(status)
	f.mu.Unlock()
	if finishedNow {
		f.notify(fd)
	}
	return &Reply{Status: http.StatusOK, Body: body, Note: fmt.Sprintf("feed %s is %s", fd.id, status)}
}

// finish stores the processing report of a feed that ended DONE; f.mu is
// held.
func (f *feedFlow) finish(fd *feed) {
	fd.ended = f.s.now()
	if fd.started.IsZero() {
		fd.started = fd.ended
	}
	if fd.progress.status() != statusDone {
		return
	}
	for _, apply := range fd.apply {
		apply()
	}
	fd.resultDocID = "amzn1.tortuga.4.na.sandbox-processing-report-" + fd.id
	f.results[fd.resultDocID] = f.s.putFlowDocument(fd.resultDocID, fd.report)
}

// notify sends FEED_PROCESSING_FINISHED for an ended feed; f.mu is not
// held.
func (f *feedFlow) notify(fd *feed) {
	f.mu.Lock()
	payload := map[string]any{"feedId": fd.id, "feedType": fd.feedType, "processingStatus": fd.progress.status()}
	if fd.resultDocID != "" {
		payload["resultFeedDocumentId"] = fd.resultDocID
	}
	f.mu.Unlock()
	f.s.notify.send(FeedProcessingFinished, "feedProcessingFinishedNotification", payload)
}

// cancel answers cancelFeed: a feed still IN_QUEUE is cancelled, as on
// SP-API; any other is refused.
func (f *feedFlow) cancel(c *Call, fd *feed) *Reply {
	f.mu.Lock()
	status := fd.progress.status()
	if status != statusInQueue {
		f.mu.Unlock()
		return c.Error(http.StatusBadRequest, CodeInvalidInput,
			fmt.Sprintf("feed %s is %s; only a feed IN_QUEUE can be cancelled", fd.id, status))
	}
	fd.progress.cancelled = true
	f.finish(fd)
	f.mu.Unlock()
	f.notify(fd)
	return &Reply{Status: http.StatusOK, Note: "cancelled feed " + fd.id}
}

// view is the Feed object getFeed answers with; f.mu is held.
func (fd *feed) view(status string) map[string]any {
	v := map[string]any{
		"feedId":           fd.id,
		"feedType":         fd.feedType,
		"createdTime":      timestamp(fd.created),
		"processingStatus": status,
	}
	if len(fd.marketplaceIDs) > 0 {
		v["marketplaceIds"] = fd.marketplaceIDs
	}
	addTimes(v, status, fd.started, fd.ended, "resultFeedDocumentId", fd.resultDocID)
	return v
}

// list answers getFeeds with the flow's feeds, oldest first, filtered by
// feedTypes, processingStatuses and marketplaceIds, pageSize at a time
// (nextToken is the offset of the next page).
func (f *feedFlow) list(c *Call) *Reply {
	filter := filterOf(c, "feedTypes")
	from, size, rep := pageOf(c)
	if rep != nil {
		return rep
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var all []map[string]any
	for _, id := range f.ids {
		fd := f.feeds[id]
		status := fd.progress.status()
		if filter.keeps(fd.feedType, status, fd.marketplaceIDs) {
			all = append(all, fd.view(status))
		}
	}
	return listReply("feeds", all, from, size)
}
