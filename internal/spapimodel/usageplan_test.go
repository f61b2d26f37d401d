package spapimodel

import "testing"

func TestParseUsagePlan(t *testing.T) {
	cases := []struct {
		name   string
		desc   string
		rate   float64
		burst  int
		status usagePlanStatus
	}{
		{"bold", "Returns orders.\n\n**Usage Plan:**\n\n| Rate (requests per second) | Burst |\n| ---- | ---- |\n| 0.0167 | 20 |\n\nThe `x-amzn-RateLimit-Limit` header...", 0.0167, 20, planOK},
		{"plain heading (fbaInventory)", "x.\n\nUsage Plan:\n\n| Rate (requests per second) | Burst |\n| ---- | ---- |\n| 2 | 2 |\n\nThe", 2, 2, planOK},
		{"escaped newlines (fulfillmentInbound listItemComplianceDetails)", `x.\n\n**Usage Plan:**\n\n| Rate (requests per second) | Burst |\n| ---- | ---- |\n| 2 | 6 |\n\nThe`, 2, 6, planOK},
		{"plan types (productTypeDefinitions)", "x.\n\n**Usage Plans:**\n\n| Plan type | Rate (requests per second) | Burst |\n| ---- | ---- | ---- |\n|Default| 5 | 10 |\n|Selling partner specific| Variable | Variable |\n\nThe", 5, 10, planOK},
		{"placeholder cells (fulfillmentInbound self-ship appointments)", "x.\n\n**Usage Plan:**\n\n| Rate (requests per second) | Burst |\n| ---- | ---- |\n| n | n |\n\nThe", 0, 0, planMalformed},
		{"link text only (finances listTransactions)", "For more information, refer to [Usage Plans and Rate Limits](https://developer-docs.amazon.com/sp-api/docs/usage-plans-and-rate-limits).", 0, 0, planMissing},
		{"mention then table", "See usage plans below.\n\n**Usage Plan:**\n\n| Rate (requests per second) | Burst |\n| ---- | ---- |\n| 1 | 5 |", 1, 5, planOK},
		{"none", "Returns a thing.", 0, 0, planMissing},
	}
	for _, c := range cases {
		rate, burst, status, detail := parseUsagePlan(c.desc)
		if rate != c.rate || burst != c.burst || status != c.status {
			t.Errorf("%s: got %v/%v/%v (%s), want %v/%v/%v", c.name, rate, burst, status, detail, c.rate, c.burst, c.status)
		}
	}
}
