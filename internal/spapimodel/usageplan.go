package spapimodel

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// usagePlanStatus says what parseUsagePlan found.
type usagePlanStatus int

const (
	planMissing   usagePlanStatus = iota // no Usage Plan table in the description
	planOK                               // rate and burst read
	planMalformed                        // a table, but no numbers in it
)

var usagePlanHeading = regexp.MustCompile(`(?i)usage plans?:?`)

// parseUsagePlan reads the rate (requests per second) and burst from an
// operation description's "Usage Plan" markdown table:
//
//	**Usage Plan:**
//
//	| Rate (requests per second) | Burst |
//	| ---- | ---- |
//	| 0.0167 | 20 |
//
// It accepts the variants the models use: the heading with or without bold,
// escaped "\n" sequences instead of newlines, and multi-plan tables with a
// "Plan type" column, of which the "Default" row is taken. A table whose
// cells are not numbers ("| n | n |") is malformed; it is reported, never
// guessed.
func parseUsagePlan(desc string) (rate float64, burst int, status usagePlanStatus, detail string) {
	desc = strings.ReplaceAll(desc, `\n`, "\n")
	for _, loc := range usagePlanHeading.FindAllStringIndex(desc, -1) {
		rate, burst, status, detail = parsePlanTable(desc[loc[1]:])
		if status != planMissing {
			return rate, burst, status, detail
		}
	}
	return 0, 0, planMissing, ""
}

// parsePlanTable reads the markdown table that starts text, if any.
func parsePlanTable(text string) (rate float64, burst int, status usagePlanStatus, detail string) {
	var rows [][]string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line == "**" {
			if len(rows) > 0 {
				break
			}
			continue
		}
		if !strings.HasPrefix(line, "|") {
			if len(rows) > 0 {
				break
			}
			// Text between heading and table: not a usage plan table.
			if len(rows) == 0 && !strings.HasPrefix(line, "**") {
				return 0, 0, planMissing, ""
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	if len(rows) < 3 {
		return 0, 0, planMissing, ""
	}
	header := rows[0]
	rateCol, burstCol, planCol := -1, -1, -1
	for i, h := range header {
		l := strings.ToLower(h)
		switch {
		case strings.HasPrefix(l, "rate"):
			rateCol = i
		case strings.HasPrefix(l, "burst"):
			burstCol = i
		case strings.Contains(l, "plan"):
			planCol = i
		}
	}
	if rateCol < 0 || burstCol < 0 {
		return 0, 0, planMalformed, fmt.Sprintf("table header %q has no Rate and Burst columns", strings.Join(header, " | "))
	}
	data := rows[2:]
	row := data[0]
	if planCol >= 0 {
		for _, r := range data {
			if planCol < len(r) && strings.EqualFold(r[planCol], "default") {
				row = r
				break
			}
		}
	}
	if rateCol >= len(row) || burstCol >= len(row) {
		return 0, 0, planMalformed, fmt.Sprintf("row %q is too short", strings.Join(row, " | "))
	}
	rate, err1 := strconv.ParseFloat(row[rateCol], 64)
	burst, err2 := strconv.Atoi(row[burstCol])
	if err1 != nil || err2 != nil || rate <= 0 || burst <= 0 {
		return 0, 0, planMalformed, fmt.Sprintf("rate %q and burst %q are not positive numbers", row[rateCol], row[burstCol])
	}
	return rate, burst, planOK, ""
}
