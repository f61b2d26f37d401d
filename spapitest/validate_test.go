package spapitest_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/spgen/spgen/spapitest"
)

// TestEveryRequestIsValidatedFirst: a request the model rejects gets 400
// naming the parameter even when it matches a case of another status
// (here getItemEligibilityPreview's 500 case, whose request omits the
// required program); only a case of a rejection answers it (the 400 case).
func TestEveryRequestIsValidatedFirst(t *testing.T) {
	sb := start(t, []string{"fbaInbound.json"})
	const path = "/fba/inbound/v1/eligibility/itemPreview?asin="
	r := do(t, sb, "GET", path+"TEST_CASE_500", "")
	if r.status != 400 || r.header.Get(spapitest.CaseHeader) != "" || !strings.Contains(r.errors(t)[0].Message, `query parameter "program"`) {
		t.Fatalf("invalid request matching the 500 case: HTTP %d case %q %s", r.status, r.header.Get(spapitest.CaseHeader), r.body)
	}
	// Naming the case does not get an invalid request past validation.
	r = do(t, sb, "GET", path+"TEST_CASE_500", "", spapitest.CaseHeader, "fbaInbound.json getItemEligibilityPreview 500 #0")
	if r.status != 400 || r.header.Get(spapitest.CaseHeader) != "" {
		t.Fatalf("naming the 500 case: HTTP %d case %q", r.status, r.header.Get(spapitest.CaseHeader))
	}
	if r := do(t, sb, "GET", path+"TEST_CASE_500&program=INBOUND", ""); r.status != 500 || r.header.Get(spapitest.CaseHeader) != "fbaInbound.json getItemEligibilityPreview 500 #0" {
		t.Fatalf("valid request: HTTP %d case %q", r.status, r.header.Get(spapitest.CaseHeader))
	}
	if r := do(t, sb, "GET", path+"TEST_CASE_400", ""); r.status != 400 || r.header.Get(spapitest.CaseHeader) != "fbaInbound.json getItemEligibilityPreview 400 #0" {
		t.Fatalf("invalid request matching the 400 case: HTTP %d case %q", r.status, r.header.Get(spapitest.CaseHeader))
	}
	for status, want := range map[int]bool{400: true, 401: true, 403: true, 404: true, 422: true, 200: false, 408: false, 409: false, 429: false, 500: false, 503: false} {
		if spapitest.IsRejection(status) != want {
			t.Errorf("IsRejection(%d) = %v", status, !want)
		}
	}
}

// TestDateTimesAreRFC3339: a date-time parameter must be RFC 3339 or one
// of the forms Amazon's own cases send; RFC 1123 and space-separated
// forms, which spapi.ParseDateTime reads in responses, are refused in
// requests.
func TestDateTimesAreRFC3339(t *testing.T) {
	sb := start(t, []string{"feeds_2021-06-30.json"})
	get := func(since string) reply {
		return do(t, sb, "GET", "/feeds/2021-06-30/feeds?feedTypes=POST_PRODUCT_DATA&pageSize=10&processingStatuses=CANCELLED,DONE&createdSince="+url.QueryEscape(since), "")
	}
	for _, ok := range append([]string{"2024-07-01T00:00:00Z", "2024-07-01T00:00:00.123+02:00"}, exampleForms()...) {
		if r := get(ok); r.status != 200 {
			t.Errorf("%q: HTTP %d %s", ok, r.status, r.body)
		}
	}
	for _, bad := range []string{"2024-07-01 00:00:00", "Mon, 01 Jul 2024 00:00:00 GMT", "2024-07-01T00:00:00+0000", "2024-07-01T00:00", "01/07/2024"} {
		r := get(bad)
		if r.status != 400 || !strings.Contains(r.errors(t)[0].Message, `query parameter "createdSince"`) || !strings.Contains(r.errors(t)[0].Message, "not an RFC 3339 date-time") {
			t.Errorf("%q: HTTP %d %s", bad, r.status, r.body)
		}
	}
}

func exampleForms() []string {
	var out []string
	for _, f := range spapitest.DateTimeForms() {
		out = append(out, f.Example)
	}
	return out
}
