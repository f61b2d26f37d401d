package spapimodel

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/spgen/spgen/internal/diag"
)

// RateTable is Amazon's own table of default rate limits, as its official
// SDKs ship it (resources/rate-limits.yml): per "<ApiClass>-<operationId>"
// the rate, the burst and, where given, the interval in seconds the rate is
// counted over. It fills in the operations whose model has no usable Usage
// Plan table; where the model has one, the model wins (it is newer).
type RateTable map[string]TableRate

// TableRate is one entry of the table, rate already per second.
type TableRate struct {
	Rate  float64 `json:"rate"`
	Burst int     `json:"burst"`
}

// ReadRateTable reads rate-limits.yml. Every entry must be a list of two or
// three positive numbers; a malformed one is an error naming the file, its
// line and the key.
func ReadRateTable(path string) (RateTable, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		return nil, &diag.Error{File: path, Msg: "invalid YAML", Err: err}
	}
	if len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, &diag.Error{File: path, Line: 1, Msg: "rate table must be a mapping of <ApiClass>-<operationId> to [rate, burst, interval]"}
	}
	m := root.Content[0]
	table := RateTable{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, val := m.Content[i], m.Content[i+1]
		var nums []float64
		if val.Kind != yaml.SequenceNode || val.Decode(&nums) != nil || len(nums) < 2 || len(nums) > 3 || nums[0] <= 0 || nums[1] < 1 {
			return nil, &diag.Error{File: path, Line: val.Line, Column: val.Column, Path: key.Value, Msg: "want [rate, burst] or [rate, burst, interval seconds], positive numbers"}
		}
		interval := 1.0
		if len(nums) == 3 {
			if nums[2] <= 0 {
				return nil, &diag.Error{File: path, Line: val.Line, Column: val.Column, Path: key.Value, Msg: "interval must be positive"}
			}
			interval = nums[2]
		}
		if _, dup := table[key.Value]; dup {
			return nil, &diag.Error{File: path, Line: key.Line, Column: key.Column, Path: key.Value, Msg: "key repeats an earlier one"}
		}
		table[key.Value] = TableRate{Rate: nums[0] / interval, Burst: int(nums[1])}
	}
	return table, nil
}

// lookup finds an operation's entry: the SDKs name an operation's class
// after its first tag ("fbaInbound" → FbaInboundApi, "Transfer Schedule" →
// TransferScheduleApi) and untagged operations DefaultApi.
func (t RateTable) lookup(tags []string, operationID string) (TableRate, string, bool) {
	classes := make([]string, 0, len(tags)+1)
	for _, tag := range tags {
		classes = append(classes, apiClass(tag))
	}
	if len(tags) == 0 {
		classes = append(classes, "DefaultApi")
	}
	for _, c := range classes {
		key := c + "-" + operationID
		if r, ok := t[key]; ok {
			return r, key, true
		}
	}
	return TableRate{}, "", false
}

// apiClass is swagger-codegen's API class name for a tag.
func apiClass(tag string) string {
	var b strings.Builder
	upper := true
	for _, r := range tag {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String() + "Api"
}

// String renders a table key's figures for notes.
func (r TableRate) String() string { return fmt.Sprintf("%g/s burst %d", r.Rate, r.Burst) }
