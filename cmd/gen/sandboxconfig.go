package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spgen/spgen/spapitest"
)

// sandboxConfig is gen sandbox's JSON configuration file (-config):
//
//	{
//	  "seed": 42,
//	  "timeScale": 60,
//	  "plans": true,
//	  "faults": {
//	    "getOrder": {"throttle": 0.1, "internalError": 0.05, "latency": "200ms"},
//	    "*": {"unavailable": 0.01},
//	    "lwa": {"invalidGrant": 0.01},
//	    "documents": {"truncatedDocument": 0.1}
//	  },
//	  "flows": {
//	    "progress": 1, "gzipDocuments": true, "sellerId": "A2SELLER",
//	    "orders": [{"order": {"AmazonOrderId": "111-0000000-0000001", ...}, "items": [...]}],
//	    "reportDocuments": {"GET_MERCHANT_LISTINGS_ALL_DATA": "listings.tsv"}
//	  }
//	}
//
// Fault targets are operation IDs, "*" (every other operation), "lwa"
// (the token endpoint) and "documents" (the document store); rates are
// probabilities from 0 to 1. The flows' report documents are files,
// relative to the configuration file.
type sandboxConfig struct {
	Seed      *uint64                `json:"seed"`
	TimeScale *float64               `json:"timeScale"`
	Plans     *bool                  `json:"plans"`
	Faults    map[string]faultConfig `json:"faults"`
	Flows     *flowsConfig           `json:"flows"`
}

// flowsConfig configures the stateful flows (reports, feeds, orders,
// notifications): spapitest's Progress, GzipDocuments, SellerID,
// SeedOrders and ReportDocument.
type flowsConfig struct {
	Progress        *int              `json:"progress"`
	GzipDocuments   bool              `json:"gzipDocuments"`
	SellerID        string            `json:"sellerId"`
	Orders          []orderConfig     `json:"orders"`
	ReportDocuments map[string]string `json:"reportDocuments"`
}

// orderConfig is one seeded order: getOrder's payload and its items.
type orderConfig struct {
	Order json.RawMessage   `json:"order"`
	Items []json.RawMessage `json:"items"`
}

// faultConfig is one target's faults in the file.
type faultConfig struct {
	Throttle            float64 `json:"throttle"`
	InternalError       float64 `json:"internalError"`
	Unavailable         float64 `json:"unavailable"`
	ResetBeforeRead     float64 `json:"resetBeforeRead"`
	ResetAfterRead      float64 `json:"resetAfterRead"`
	ExpiredToken        float64 `json:"expiredToken"`
	InvalidGrant        float64 `json:"invalidGrant"`
	TruncatedDocument   float64 `json:"truncatedDocument"`
	MislabelledDocument float64 `json:"mislabelledDocument"`
	// Latency is a Go duration ("250ms").
	Latency string `json:"latency"`
}

// readSandboxConfig reads and checks a configuration file; errors name
// the file (and the line, or the fault target).
func readSandboxConfig(path string) (*sandboxConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c sandboxConfig
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, jsonErrorAt(data, err))
	}
	if c.TimeScale != nil && !(*c.TimeScale > 0) {
		return nil, fmt.Errorf("%s: timeScale %v: must be a positive number", path, *c.TimeScale)
	}
	return &c, nil
}

// jsonErrorAt adds the line to a decoding error that has an offset.
func jsonErrorAt(data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 {
		return err
	}
	line := 1 + bytes.Count(data[:min(int(off), len(data))], []byte("\n"))
	return fmt.Errorf("line %d: %w", line, err)
}

// spapitestFaults converts the file's faults, naming the file and target
// of a bad latency.
func (c *sandboxConfig) spapitestFaults(path string) (map[string]spapitest.Faults, error) {
	out := map[string]spapitest.Faults{}
	for target, f := range c.Faults {
		var latency time.Duration
		if f.Latency != "" {
			d, err := time.ParseDuration(f.Latency)
			if err != nil {
				return nil, fmt.Errorf("%s: faults for %q: latency %q is not a duration such as \"250ms\"", path, target, f.Latency)
			}
			latency = d
		}
		out[target] = spapitest.Faults{
			Throttle: f.Throttle, InternalError: f.InternalError, Unavailable: f.Unavailable,
			ResetBeforeRead: f.ResetBeforeRead, ResetAfterRead: f.ResetAfterRead,
			ExpiredToken: f.ExpiredToken, InvalidGrant: f.InvalidGrant,
			TruncatedDocument: f.TruncatedDocument, MislabelledDocument: f.MislabelledDocument,
			Latency: latency,
		}
	}
	return out, nil
}

// flowOptions converts the file's flows settings; a report document that
// cannot be read is an error naming the file and report type.
func (c *sandboxConfig) flowOptions(path string) ([]spapitest.Option, error) {
	f := c.Flows
	if f == nil {
		return nil, nil
	}
	var opts []spapitest.Option
	if f.Progress != nil {
		if *f.Progress < 0 {
			return nil, fmt.Errorf("%s: flows.progress %d: must be 0 or more polls", path, *f.Progress)
		}
		opts = append(opts, spapitest.Progress(*f.Progress))
	}
	if f.GzipDocuments {
		opts = append(opts, spapitest.GzipDocuments())
	}
	if f.SellerID != "" {
		opts = append(opts, spapitest.SellerID(f.SellerID))
	}
	for _, o := range f.Orders {
		items := make([]any, len(o.Items))
		for i, it := range o.Items {
			items[i] = it
		}
		opts = append(opts, spapitest.SeedOrders(spapitest.Order{Order: o.Order, Items: items}))
	}
	for _, reportType := range slices.Sorted(maps.Keys(f.ReportDocuments)) {
		file := f.ReportDocuments[reportType]
		if !filepath.IsAbs(file) {
			file = filepath.Join(filepath.Dir(path), file)
		}
		doc, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("%s: flows.reportDocuments[%q]: %w", path, reportType, err)
		}
		opts = append(opts, spapitest.ReportDocument(reportType, func(spapitest.ReportRequest) ([]byte, error) { return doc, nil }))
	}
	return opts, nil
}
