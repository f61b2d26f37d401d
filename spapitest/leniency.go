package spapitest

import (
	"strings"
)

// Leniency is one way the sandbox is softer than SP-API, and why.
type Leniency struct {
	What, Why string
}

// Leniencies lists every way the sandbox is still softer than SP-API. The
// README's sandbox section and CONFORMANCE.md carry this list.
func Leniencies() []Leniency {
	var forms []string
	for _, f := range dateTimeForms {
		forms = append(forms, "`"+f.Example+"`")
	}
	return []Leniency{
		{"An invalid request that matches a case filed under 400, 401, 403, 404, 413, 415 or 422 gets that case, not the sandbox's own 400 naming the parameter",
			"those cases are Amazon's own examples of refused requests, many deliberately invalid; SP-API may name another problem first"},
		{"date-time values may also take the forms " + strings.Join(forms, ", ") + " (no offset, an hour-only offset, no seconds, a bare date) besides RFC 3339",
			"Amazon's own success cases send them (see spapitest.DateTimeForms for the cases)"},
		{"Only the model's schema is checked: no business rules (rules stated in prose, such as marketplaceIds being required only for program=INBOUND; whether shipments, accounts, listings or, unless seeded with SeedOrders, orders exist)",
			"the models state nothing else machine-readably; parameters a case does not name are wildcards, so the case's data answers for any value of them; the flows' processing reports check the feed schemas, not Amazon's catalog"},
		{"Any message valid against the model and the offered action's schema is accepted (no check of the text for e-mail addresses or links, nor of attachment file types)",
			"Amazon's content rules are prose; spapi/messaging checks what the live schema states"},
		{"The token endpoint accepts any non-empty client credentials and refresh token; without RequireAuth, operations answer requests that carry no token",
			"the sandbox has no accounts; RequireAuth makes operations demand a token it issued"},
		{"A Restricted Data Token is checked for its request shape only and then accepted for every operation, whatever resources it names; presigned upload URLs do not expire",
			"the sandbox tracks the tokens it issued, whose they are and when they expire, not their scope"},
		{"The document URLs Amazon's feed and report cases name (S3, CloudFront) take any PUT and GET through the transport, without a signature check",
			"the cases' URLs carry placeholder signatures; the upload destinations the sandbox issues itself are checked as S3 checks them"},
		{"Without EnforcePlans there is no throttling: a 429 comes only from a case that names it or from an injected fault",
			"tests that send bursts on purpose keep working; EnforcePlans throttles every operation by its usage plan per seller, as SP-API does"},
	}
}
