package spapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// QuotaWindow is a limit beyond an operation's token bucket: at most Max
// calls of an operation (for one report type, if ReportType is set) per
// selling partner per Period. Windows are fixed and aligned to multiples
// of Period since the Unix epoch, i.e. to UTC hours and days; when a
// window is spent the call fails at once with a *QuotaError saying when
// the next one opens, instead of waiting or retrying for hours.
type QuotaWindow struct {
	// API and Operation name the operation, e.g. "reports20210630" and
	// "createReport".
	API, Operation string
	// ReportType, when set, limits the window to calls whose request body
	// names that report type ({"reportType": ...}, as createReport's
	// does); the body is read once, up to 1 MiB.
	ReportType string
	// Period is the window's length; Max the calls it allows.
	Period time.Duration
	Max    int
	// Source says where the limit is documented.
	Source string
}

// DefaultQuotaWindows are the documented windows the client enforces
// unless WithQuotaWindows says otherwise. Extend it with your own:
//
//	spapi.WithQuotaWindows(append(spapi.DefaultQuotaWindows(), myWindows...), counter)
func DefaultQuotaWindows() []QuotaWindow {
	const src = "Amazon's Report Type Values, Analytics reports (per selling partner, shared by all applications), as cited by spgen issue 12"
	return []QuotaWindow{
		{API: "reports20210630", Operation: "createReport", ReportType: "GET_SALES_AND_TRAFFIC_REPORT", Period: time.Hour, Max: 4, Source: src},
		{API: "reports20210630", Operation: "createReport", ReportType: "GET_SALES_AND_TRAFFIC_REPORT", Period: 24 * time.Hour, Max: 96, Source: src},
	}
}

// QuotaSlot is one window's count for one seller: the key names the
// seller, window and its start; End is when the window closes.
type QuotaSlot struct {
	Key string
	Max int
	End time.Time
}

// QuotaCounter counts calls in quota windows: LocalQuota in a process,
// redisstore.Quota across a fleet. Implementations must be safe for
// concurrent use.
type QuotaCounter interface {
	// Take counts one call in every slot if none is spent and returns
	// -1; otherwise it counts nothing and returns the index of a spent
	// slot.
	Take(ctx context.Context, slots []QuotaSlot) (int, error)
}

// LocalQuota is the in-process QuotaCounter. The zero value is ready to
// use.
type LocalQuota struct {
	mu     sync.Mutex
	counts map[string]localCount
	now    func() time.Time
}

type localCount struct {
	n   int
	end time.Time
}

// Take implements QuotaCounter.
func (q *LocalQuota) Take(_ context.Context, slots []QuotaSlot) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := time.Now()
	if q.now != nil {
		now = q.now()
	}
	if q.counts == nil {
		q.counts = map[string]localCount{}
	}
	for k, c := range q.counts {
		if !now.Before(c.end) {
			delete(q.counts, k)
		}
	}
	for i, s := range slots {
		if q.counts[s.Key].n >= s.Max {
			return i, nil
		}
	}
	for _, s := range slots {
		c := q.counts[s.Key]
		q.counts[s.Key] = localCount{n: c.n + 1, end: s.End}
	}
	return -1, nil
}

// ErrQuotaSpent matches (errors.Is) every *QuotaError.
var ErrQuotaSpent = errors.New("spapi: quota window spent")

// QuotaError is a call refused because a quota window is spent; it was
// not sent.
type QuotaError struct {
	Window           QuotaWindow
	SellingPartnerID string
	// NextWindow is when the next window opens.
	NextWindow time.Time
}

// Error says which window and when the next opens.
func (e *QuotaError) Error() string {
	what := e.Window.API + "." + e.Window.Operation
	if e.Window.ReportType != "" {
		what += " " + e.Window.ReportType
	}
	return fmt.Sprintf("spapi: %s: quota of %d per %v spent for selling partner %s; next window opens %s",
		what, e.Window.Max, e.Window.Period, e.SellingPartnerID, e.NextWindow.UTC().Format(time.RFC3339))
}

// Is makes every QuotaError match ErrQuotaSpent.
func (e *QuotaError) Is(target error) bool { return target == ErrQuotaSpent }

// WithQuotaWindows sets the quota windows (default DefaultQuotaWindows;
// none turns them off) and the counter (default a LocalQuota per Client
// or Fleet; use redisstore.Quota to share the count across processes).
func WithQuotaWindows(windows []QuotaWindow, counter QuotaCounter) Option {
	return func(o *options) { o.quotaWindows, o.quotaCounter, o.quotaSet = windows, counter, true }
}

// quotaTransport counts each call (once, before its retries) in the
// windows that apply to it and refuses it when one is spent.
type quotaTransport struct {
	next    http.RoundTripper
	windows map[[2]string][]QuotaWindow // {api, operation} → windows
	counter QuotaCounter
	seller  *seller
	now     func() time.Time
	log     *slog.Logger
	warn    rate.Sometimes
}

func newQuotaTransport(next http.RoundTripper, windows []QuotaWindow, counter QuotaCounter, now func() time.Time, log *slog.Logger) http.RoundTripper {
	if len(windows) == 0 {
		return next
	}
	t := &quotaTransport{next: next, windows: map[[2]string][]QuotaWindow{}, counter: counter, now: now, log: log,
		warn: rate.Sometimes{Interval: 10 * time.Second}}
	for _, w := range windows {
		k := [2]string{w.API, w.Operation}
		t.windows[k] = append(t.windows[k], w)
	}
	return t
}

// reportType returns the "reportType" member of req's JSON body, leaving
// the body readable again.
func reportType(req *http.Request) string {
	if req.Body == nil || req.Body == http.NoBody {
		return ""
	}
	var raw []byte
	if req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			return ""
		}
		raw, _ = io.ReadAll(io.LimitReader(b, 1<<20))
		b.Close()
	} else {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			req.Body = io.NopCloser(bytes.NewReader(b))
			return ""
		}
		raw = b
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	var body struct {
		ReportType string `json:"reportType"`
	}
	json.Unmarshal(raw, &body)
	return body.ReportType
}

// RoundTrip implements http.RoundTripper.
func (t *quotaTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	op, ok := OperationFromContext(req.Context())
	if !ok {
		return t.next.RoundTrip(req)
	}
	ws := t.windows[[2]string{op.API, op.ID}]
	if len(ws) == 0 {
		return t.next.RoundTrip(req)
	}
	rt := ""
	for _, w := range ws {
		if w.ReportType != "" {
			rt = reportType(req)
			break
		}
	}
	sel := sellerFrom(req.Context(), t.seller)
	partner := ""
	if sel != nil {
		partner = sel.id
	}
	now := t.now()
	var applied []QuotaWindow
	var slots []QuotaSlot
	for _, w := range ws {
		if w.ReportType != "" && w.ReportType != rt || w.Period <= 0 {
			continue
		}
		start := now.Truncate(w.Period)
		applied = append(applied, w)
		slots = append(slots, QuotaSlot{
			Key: partner + "/" + w.API + "." + w.Operation + "/" + w.ReportType + "/" + w.Period.String() + "/" + strconv.FormatInt(start.Unix(), 10),
			Max: w.Max,
			End: start.Add(w.Period),
		})
	}
	if len(slots) == 0 {
		return t.next.RoundTrip(req)
	}
	i, err := t.counter.Take(req.Context(), slots)
	if err != nil {
		// A counter outage must not fail the call: Amazon still
		// enforces the limit.
		t.warn.Do(func() {
			t.log.LogAttrs(req.Context(), slog.LevelWarn, "spapi quota counter unavailable, not enforcing quota windows", slog.Any("error", err))
		})
		return t.next.RoundTrip(req)
	}
	if i >= 0 {
		closeRequestBody(req)
		return nil, &QuotaError{Window: applied[i], SellingPartnerID: partner, NextWindow: slots[i].End}
	}
	return t.next.RoundTrip(req)
}
