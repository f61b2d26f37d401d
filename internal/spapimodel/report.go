package spapimodel

import "fmt"

// Report collects what generating one model noticed without failing: fix-ups
// applied, usage plans missing or malformed. `gen spapi -v` prints it, and
// the totals go to the summary line.
type Report struct {
	// File is the model file.
	File string
	// Notes are fix-ups applied to the model.
	Notes []string
	// Warnings are things a user should look at (e.g. a malformed usage plan).
	Warnings []string
	// Operations is the number of operations generated.
	Operations int
	// UsagePlans is the number of operations whose rate and burst were read
	// from the model's Usage Plan table.
	UsagePlans int
	// TablePlans is the number of operations whose rate came from Amazon's
	// SDK rate table (rate-limits.yml) because the model has no usable table.
	TablePlans int
	// Skipped is true when the model was unchanged and not regenerated.
	Skipped bool
}

// Notef records a fix-up applied.
func (r *Report) Notef(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// Warnf records something a user should look at.
func (r *Report) Warnf(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}
