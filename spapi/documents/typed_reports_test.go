package documents

import (
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/spapitest"
)

func TestSalesAndTrafficByASIN(t *testing.T) {
	row := `{"parentAsin":"B00PARENT1","childAsin":"B00CHILD%d","salesByAsin":{"unitsOrdered":3,"orderedProductSales":{"amount":29.97,"currencyCode":"USD"},"totalOrderItems":2},"trafficByAsin":{"browserSessions":10,"mobileAppSessions":4,"sessions":14,"browserSessionPercentage":1.5,"mobileAppSessionPercentage":0.5,"sessionPercentage":1.2,"browserPageViews":20,"mobileAppPageViews":5,"pageViews":25,"browserPageViewsPercentage":1.1,"mobileAppPageViewsPercentage":0.4,"pageViewsPercentage":1.0,"buyBoxPercentage":95.5,"unitSessionPercentage":21.4}}`
	var rows []string
	for i := range 50 {
		rows = append(rows, strings.Replace(row, "%d", string(rune('A'+i%26)), 1))
	}
	body := []byte(`{"reportSpecification":{"reportType":"GET_SALES_AND_TRAFFIC_REPORT","reportOptions":{"dateGranularity":"DAY","asinGranularity":"CHILD"},"dataStartTime":"2026-11-01","dataEndTime":"2026-11-30","marketplaceIds":["ATVPDKIKX0DER"]},"salesAndTrafficByDate":[],"salesAndTrafficByAsin":[` + strings.Join(rows, ",") + `]}`)
	sb := newSandbox(t, spapitest.ReportDocument("GET_SALES_AND_TRAFFIC_REPORT", func(spapitest.ReportRequest) ([]byte, error) { return body, nil }))
	reports, err := NewReports(sandboxClient(t, sb), WithPollInterval(time.Millisecond, 4*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r, err := range reports.SalesAndTrafficByASIN(t.Context(), reports20210630.CreateReportSpecification{MarketplaceIds: []string{"ATVPDKIKX0DER"}}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.ParentASIN != "B00PARENT1" {
			t.Fatalf("row %d: %+v", n, r)
		}
		if err := r.Validate(); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 50 {
		t.Fatalf("%d rows, want 50", n)
	}
}

func TestFlatFileRows(t *testing.T) {
	sb := newSandbox(t, listingsReport)
	reports, err := NewReports(sandboxClient(t, sb), WithPollInterval(time.Millisecond, 4*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r, err := range reports.FlatFileRows(t.Context(), reports20210630.CreateReportSpecification{ReportType: "GET_MERCHANT_LISTINGS_ALL_DATA", MarketplaceIds: []string{"ATVPDKIKX0DER"}}) {
		if err != nil {
			t.Fatal(err)
		}
		if sku, _ := r.Get("sku"); n == 999 && sku != "SKU-0999" {
			t.Fatalf("last sku %q", sku)
		}
		n++
	}
	if n != 1000 {
		t.Fatalf("%d rows, want 1000", n)
	}
}
