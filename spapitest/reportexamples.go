package spapitest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// ReportSchemas is where the sandbox looks for Amazon's report document
// schemas (selling-partner-api-models' schemas/reports): this directory
// under the models directory's parent or one of its ancestors
// (../shared/models/schemas/reports for ../shared/models/spapi).
const ReportSchemas = "schemas/reports"

// reportExamples maps report types to the first example of the report
// schema naming them (at properties.reportSpecification.properties.
// reportType.enum), read on first use.
type reportExamples struct {
	modelsDir string
	once      sync.Once
	byType    map[string]reportExample
	err       error
}

type reportExample struct {
	file string
	body []byte
}

func newReportExamples(modelsDir string) *reportExamples {
	return &reportExamples{modelsDir: modelsDir}
}

// example returns the example document for reportType and the schema file
// it comes from; nil when no schema names the type. A schema that is not
// JSON is an error naming its file.
func (e *reportExamples) example(reportType string) ([]byte, string, error) {
	e.once.Do(e.load)
	if e.err != nil {
		return nil, "", e.err
	}
	ex, ok := e.byType[reportType]
	if !ok {
		return nil, "", nil
	}
	return ex.body, ex.file, nil
}

// types lists the report types the schemas cover, sorted.
func (e *reportExamples) types() []string {
	e.once.Do(e.load)
	out := make([]string, 0, len(e.byType))
	for t := range e.byType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

func (e *reportExamples) load() {
	e.byType = map[string]reportExample{}
	dir := findUp(e.modelsDir, ReportSchemas, true)
	if dir == "" {
		return
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		e.err = fmt.Errorf("spapitest: report schemas: %w", err)
		return
	}
	sort.Strings(files)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			e.err = fmt.Errorf("spapitest: report schema: %w", err)
			return
		}
		var schema struct {
			Properties struct {
				ReportSpecification struct {
					Properties struct {
						ReportType struct {
							Enum []string `json:"enum"`
						} `json:"reportType"`
					} `json:"properties"`
				} `json:"reportSpecification"`
			} `json:"properties"`
			Examples []json.RawMessage `json:"examples"`
		}
		if err := json.Unmarshal(data, &schema); err != nil {
			e.err = fmt.Errorf("spapitest: report schema %s: %w", file, err)
			return
		}
		if len(schema.Examples) == 0 {
			continue
		}
		for _, t := range schema.Properties.ReportSpecification.Properties.ReportType.Enum {
			if _, dup := e.byType[t]; !dup {
				e.byType[t] = reportExample{file: file, body: schema.Examples[0]}
			}
		}
	}
}
