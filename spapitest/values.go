package spapitest

import (
	"strings"
	"time"
)

// Reading the decoded JSON of requests and writing the values flows
// answer with.

// timestamp is the ISO 8601 form the Reports and Feeds APIs answer with.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// str is a decoded JSON value as text ("" for null and absent values).
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	default:
		return scalarText(v)
	}
}

// strs is a decoded JSON array of strings.
func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, str(e))
	}
	return out
}

// splitList is a query array parameter's items (comma-separated or
// repeated).
func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			if item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}
