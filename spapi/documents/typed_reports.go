package documents

import (
	"context"
	"iter"

	"github.com/spgen/spgen/generated/reports20210630"
	"github.com/spgen/spgen/generated/schemas/reports/sellersalesandtrafficreport"
	"github.com/spgen/spgen/spapi/reportdocs"
)

// SalesAndTrafficByASIN fetches a GET_SALES_AND_TRAFFIC_REPORT for spec
// (its ReportType is set) and streams the document's salesAndTrafficByAsin
// rows, each decoded into the type generated from Amazon's
// sellerSalesAndTrafficReport schema, with bounded memory whatever the
// report's size. A failure to fetch or decode is the last value yielded.
func (r *Reports) SalesAndTrafficByASIN(ctx context.Context, spec reports20210630.CreateReportSpecification) iter.Seq2[*sellersalesandtrafficreport.SalesAndTrafficByASIN, error] {
	return func(yield func(*sellersalesandtrafficreport.SalesAndTrafficByASIN, error) bool) {
		spec.ReportType = "GET_SALES_AND_TRAFFIC_REPORT"
		doc, err := r.Fetch(ctx, spec)
		if err != nil {
			yield(nil, err)
			return
		}
		defer doc.Close()
		for row, err := range reportdocs.Array[sellersalesandtrafficreport.SalesAndTrafficByASIN](doc, "salesAndTrafficByAsin") {
			if !yield(row, err) || err != nil {
				return
			}
		}
	}
}

// FlatFileRows fetches a tab-separated report for spec and streams its
// rows keyed by the header line, decoding the charset Amazon uses for the
// first marketplace of spec unless opts name one.
func (r *Reports) FlatFileRows(ctx context.Context, spec reports20210630.CreateReportSpecification, opts ...reportdocs.FlatOption) iter.Seq2[reportdocs.Row, error] {
	return func(yield func(reportdocs.Row, error) bool) {
		doc, err := r.Fetch(ctx, spec)
		if err != nil {
			yield(reportdocs.Row{}, err)
			return
		}
		defer doc.Close()
		if len(spec.MarketplaceIds) > 0 {
			opts = append([]reportdocs.FlatOption{reportdocs.WithCharset(reportdocs.CharsetForMarketplace(spec.MarketplaceIds[0]))}, opts...)
		}
		for row, err := range reportdocs.Rows(doc, opts...) {
			if !yield(row, err) || err != nil {
				return
			}
		}
	}
}
