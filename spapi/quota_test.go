package spapi

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

var opCreateReport = &Operation{ID: "createReport", API: "reports20210630", Method: "POST", Path: "/reports/2021-06-30/reports", Rate: 1000, Burst: 1000}

func createReport(t *testing.T, c *Client, url, reportType string) (int, error) {
	t.Helper()
	body := `{"reportType":"` + reportType + `","marketplaceIds":["ATVPDKIKX0DER"]}`
	status, _, err := do(t, c, opRequest(t, t.Context(), opCreateReport, url+opCreateReport.Path, strings.NewReader(body)))
	return status, err
}

// TestDailyQuotaWindow: with GET_SALES_AND_TRAFFIC_REPORT's daily window
// of 96, the 97th createReport of the day fails at once with a
// *QuotaError naming the next window, and is not sent; other report types
// and the next day are not affected.
func TestDailyQuotaWindow(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 202)
	var mu sync.Mutex
	now := time.Date(2026, 12, 2, 0, 30, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	daily := DefaultQuotaWindows()[1]
	c := newTestClient(t, lwa, api.URL, func(o *options) { o.now = clock }, WithQuotaWindows([]QuotaWindow{daily}, nil))
	for i := range 96 {
		if status, err := createReport(t, c, api.URL, "GET_SALES_AND_TRAFFIC_REPORT"); err != nil || status != 202 {
			t.Fatalf("call %d: status %d err %v", i+1, status, err)
		}
	}
	start := time.Now()
	_, err := createReport(t, c, api.URL, "GET_SALES_AND_TRAFFIC_REPORT")
	var qe *QuotaError
	if !errors.As(err, &qe) || !errors.Is(err, ErrQuotaSpent) || qe.Window.Max != 96 ||
		!qe.NextWindow.Equal(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("97th call: err = %v; want a QuotaError with the next window at midnight", err)
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Fatalf("97th call took %v to fail; want at once", d)
	}
	if hits.Load() != 96 {
		t.Fatalf("%d requests sent; the 97th must not be", hits.Load())
	}
	t.Logf("97th createReport refused in %v: %v", time.Since(start), err)
	if status, err := createReport(t, c, api.URL, "GET_MERCHANT_LISTINGS_ALL_DATA"); err != nil || status != 202 {
		t.Fatalf("another report type: status %d err %v", status, err)
	}
	mu.Lock()
	now = now.Add(24 * time.Hour)
	mu.Unlock()
	if status, err := createReport(t, c, api.URL, "GET_SALES_AND_TRAFFIC_REPORT"); err != nil || status != 202 {
		t.Fatalf("next day: status %d err %v", status, err)
	}
}

// TestHourlyQuotaWindowByDefault: the default table allows 4
// GET_SALES_AND_TRAFFIC_REPORT per hour per seller; the request body
// still reaches the server intact.
func TestHourlyQuotaWindowByDefault(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 202)
	now := time.Date(2026, 12, 2, 10, 15, 0, 0, time.UTC)
	c := newTestClient(t, lwa, api.URL, func(o *options) { o.now = func() time.Time { return now } })
	for range 4 {
		if status, err := createReport(t, c, api.URL, "GET_SALES_AND_TRAFFIC_REPORT"); err != nil || status != 202 {
			t.Fatal(status, err)
		}
	}
	_, err := createReport(t, c, api.URL, "GET_SALES_AND_TRAFFIC_REPORT")
	var qe *QuotaError
	if !errors.As(err, &qe) || qe.Window.Period != time.Hour || !qe.NextWindow.Equal(time.Date(2026, 12, 2, 11, 0, 0, 0, time.UTC)) || hits.Load() != 4 {
		t.Fatalf("5th call: err %v after %d requests", err, hits.Load())
	}
	if !strings.Contains(err.Error(), "2026-12-02T11:00:00Z") {
		t.Fatalf("error does not say when: %v", err)
	}
}

// TestQuotaSpentWindowsCountNothing: when one of several windows is
// spent, the others are not charged.
func TestQuotaSpentWindowsCountNothing(t *testing.T) {
	q := &LocalQuota{}
	end := time.Now().Add(time.Hour)
	a, b := QuotaSlot{Key: "a", Max: 1, End: end}, QuotaSlot{Key: "b", Max: 5, End: end}
	if i, _ := q.Take(t.Context(), []QuotaSlot{a, b}); i != -1 {
		t.Fatal(i)
	}
	if i, _ := q.Take(t.Context(), []QuotaSlot{b, a}); i != 1 {
		t.Fatalf("spent slot index %d, want 1", i)
	}
	if q.counts["b"].n != 1 {
		t.Fatalf("b counted %d times; a refused call must not count", q.counts["b"].n)
	}
}

// FuzzReportType: any createReport body yields its reportType (or "")
// and stays readable, byte for byte, for the request that follows.
func FuzzReportType(f *testing.F) {
	f.Add([]byte(`{"reportType":"GET_SALES_AND_TRAFFIC_REPORT","marketplaceIds":["ATVPDKIKX0DER"]}`), true)
	f.Add([]byte(`{"reportType":5}`), false)
	f.Add([]byte(`not json`), true)
	f.Add([]byte{}, false)
	f.Fuzz(func(t *testing.T, body []byte, rewindable bool) {
		req, _ := http.NewRequest("POST", "http://127.0.0.1/reports/2021-06-30/reports", bytes.NewReader(body))
		if !rewindable {
			req.Body = io.NopCloser(bytes.NewReader(body))
			req.GetBody = nil
		}
		reportType(req)
		got, err := io.ReadAll(req.Body)
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("body after peeking: %q, %v; want %q", got, err, body)
		}
		if req.GetBody == nil && len(body) > 0 {
			t.Fatal("no GetBody after peeking")
		}
	})
}
