package spapitest_test

import (
	"strings"
	"testing"
)

// TestSellerWalletCaseCorrected: createTransferSchedule 200 #0 sends
// bankAccountOwnershipType "SELF_ACCOUNT", which the model's enum (THIRD_PARTY,
// SELF) and its examples do not know; the sandbox serves the case corrected
// to "SELF", says so on the case and lists the correction on the model.
func TestSellerWalletCaseCorrected(t *testing.T) {
	sb := start(t, []string{"sellerWallet_2024-03-01.json"})
	m := sb.Models()[0]
	found := false
	for _, c := range m.Cases() {
		if c.ID() != "sellerWallet_2024-03-01.json createTransferSchedule 200 #0" {
			continue
		}
		found = true
		body := string(c.Params["body"])
		if !strings.Contains(body, `"bankAccountOwnershipType":"SELF"`) || strings.Contains(body, "SELF_ACCOUNT") {
			t.Errorf("case body %s", body)
		}
		if len(c.Corrections) == 0 || !strings.Contains(c.Corrections[0], "SELF_ACCOUNT") {
			t.Errorf("case corrections %q", c.Corrections)
		}
	}
	if !found || len(m.Corrections) == 0 {
		t.Fatalf("case found %v, model corrections %+v", found, m.Corrections)
	}
}
