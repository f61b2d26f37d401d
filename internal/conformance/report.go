package conformance

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spgen/spgen/spapitest"
)

// ReportFile is the report's file name at the project root.
const ReportFile = "CONFORMANCE.md"

// Summary is the line the report (and make conformance) ends with.
func (r *Report) Summary() string {
	return fmt.Sprintf("conformance: %d passed, %d failed", r.Passed(), r.Failed())
}

// Markdown renders CONFORMANCE.md: a table per model (cases, passed,
// failed with the reasons), the cases only reachable by name, every model
// patch with its reason, and the summary line. The output depends only on
// the results: no timestamps, models in path order.
func (r *Report) Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("# SP-API sandbox conformance\n\n")
	b.WriteString("Written by `make conformance` (package `internal/conformance`; `go test ./internal/conformance` checks it is current).\n")
	b.WriteString("Every static `x-amzn-api-sandbox` case of every model is replayed through the generated typed\n")
	b.WriteString("client's method for the operation against the offline sandbox (`spapitest`). Required parameters and\n")
	b.WriteString("body properties a case leaves out are filled with schema-valid values (except in the cases of a\n")
	b.WriteString("rejection: 400, 401, 403, 404, 413, 415, 422). A case passes when the request carries its\n")
	b.WriteString("`*spapi.Operation`, the sandbox answers it from that case (the sandbox validates every request against\n")
	b.WriteString("the model first; only a case of a rejection answers an invalid one) with the case's status, a success\n")
	b.WriteString("body decodes with no member broken or unknown to the model and re-encoding it keeps every field of\n")
	b.WriteString("the case's response, and an error status comes back as an `*spapi.Error` carrying the case's error codes.\n\n")

	type row struct {
		cases, passed int
		fails         []string
	}
	rows := map[string]*row{}
	var dflt []Result
	for _, res := range r.Results {
		m := res.Case.Model
		if rows[m] == nil {
			rows[m] = &row{}
		}
		rw := rows[m]
		rw.cases++
		if res.Err == nil {
			rw.passed++
		} else {
			rw.fails = append(rw.fails, fmt.Sprintf("`%s %d #%d`: %s", res.Case.Operation, res.Case.Status, res.Case.Index, cell(res.Err.Error())))
		}
		if res.Default != "" {
			dflt = append(dflt, res)
		}
	}
	b.WriteString("| Model | Package | Cases | Passed | Failed | Patches | Failures (reason) |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---|\n")
	total, passed, patches := 0, 0, 0
	for _, m := range r.Models {
		rw := rows[m.File]
		if rw == nil {
			rw = &row{}
		}
		total += rw.cases
		passed += rw.passed
		patches += len(m.Patches)
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %s |\n", m.File, r.Packages[m.File], rw.cases, rw.passed,
			rw.cases-rw.passed, len(m.Patches), strings.Join(rw.fails, "<br>"))
	}
	fmt.Fprintf(&b, "| **%d models** | | **%d** | **%d** | **%d** | **%d** | |\n\n", len(r.Models), total, passed, total-passed, patches)

	b.WriteString("## Cases answered by name\n\n")
	if len(dflt) == 0 {
		b.WriteString("None: every case is the one the sandbox picks for its request.\n\n")
	} else {
		b.WriteString("Every parameter these cases name also matches another case the sandbox prefers (more specific,\n")
		b.WriteString("or as specific and filed under a lower status): Amazon files the same request under two statuses.\n")
		b.WriteString("The suite names the case with the `X-Sandbox-Case` request header, which picks among matching\n")
		b.WriteString("cases only.\n\n")
		for _, res := range dflt {
			fmt.Fprintf(&b, "- `%s`: without the header the sandbox answers `%s`\n", res.Case.ID(), res.Default)
		}
		b.WriteString("\n")
	}

	b.WriteString("## Model patches\n\n")
	if patches == 0 {
		b.WriteString("None.\n\n")
	} else {
		b.WriteString("Overlays from `models/overlays/<model file>` (RFC 7386 merge patches), applied by `gen spapi` and\n")
		b.WriteString("the sandbox alike:\n\n")
		for _, m := range r.Models {
			for _, p := range m.Patches {
				fmt.Fprintf(&b, "- `%s`: %s\n", m.File, p)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("## Sandbox case corrections\n\n")
	corrected := 0
	for _, m := range r.Models {
		corrected += len(m.Corrections)
	}
	if corrected == 0 {
		b.WriteString("None.\n\n")
	} else {
		b.WriteString("Where only a sandbox case contradicts its model, the case is corrected, not the model widened:\n")
		b.WriteString("`spapitest/corrections/<model file>` (RFC 7386 merge patches of one case each), applied by the sandbox\n")
		b.WriteString("and so replayed here; the generator never sees them.\n\n")
		for _, m := range r.Models {
			for _, c := range m.Corrections {
				fmt.Fprintf(&b, "- `%s`: %s\n", c.ID(baseName(m.File)), c.Reason)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("## Where the sandbox is softer than SP-API\n\n")
	for _, l := range spapitest.Leniencies() {
		fmt.Fprintf(&b, "- %s: %s.\n", l.What, l.Why)
	}
	b.WriteString("\n")
	b.WriteString(r.Summary() + "\n")
	return b.Bytes()
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

func baseName(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }
