package spapitest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spgen/spgen/spapitest"
)

// The journal keeps request headers with every credential redacted, in
// Exchanges and at InspectPath alike; the token endpoint's form (client
// secret, refresh token) is never kept.
func TestJournalRedactsSecrets(t *testing.T) {
	sb := ordersSandbox(t)
	orders := ordersClient(t, sb, sb.Config())
	if _, err := orders.GetOrder(context.Background(), "TEST_CASE_200"); err != nil {
		t.Fatal(err)
	}
	ex := sb.Exchanges("getOrder")
	if len(ex) != 1 || ex[0].Header.Get("X-Amz-Access-Token") != spapitest.Redacted || ex[0].Header.Get("User-Agent") == "" {
		t.Fatalf("getOrder exchange headers %v", ex[0].Header)
	}
	// A presigned URL's signature is a credential too.
	put, _ := http.NewRequest("PUT", spapitest.UploadURL("doc-1")+"?X-Amz-Signature=sig-0123456789abcdef&X-Amz-Expires=300", strings.NewReader("x"))
	if resp, err := sb.Client().Do(put); err == nil {
		resp.Body.Close()
	}
	var signed *spapitest.Exchange
	for _, e := range sb.Exchanges() {
		if e.Query.Has("X-Amz-Signature") {
			signed = &e
		}
	}
	if signed == nil || signed.Query.Get("X-Amz-Signature") != spapitest.Redacted || signed.Query.Get("X-Amz-Expires") != "300" {
		t.Fatalf("the upload's query in the journal: %+v", signed)
	}
	resp, err := http.Get(sb.URL + spapitest.InspectPath)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var in spapitest.Inspection
	if err := json.Unmarshal(body, &in); err != nil || len(in.Exchanges) != len(sb.Exchanges()) {
		t.Fatalf("inspection: %v, %d exchanges; want %d", err, len(in.Exchanges), len(sb.Exchanges()))
	}
	all := fmt.Sprintf("%+v", sb.Exchanges()) + string(body)
	for _, secret := range []string{"Atza|", "Atz.sprdt|", spapitest.SandboxRefreshToken, spapitest.SandboxClientSecret, "sig-0123456789abcdef"} {
		if strings.Contains(all, secret) {
			t.Errorf("the journal shows %q", secret)
		}
	}
}
