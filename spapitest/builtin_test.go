package spapitest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// TestModelsSkipsNonSwaggerJSON: a models folder holding JSON Schemas and
// an OpenAPI 3 document next to the models loads; the other files are
// listed with their reason and logged, not silently dropped.
func TestModelsSkipsNonSwaggerJSON(t *testing.T) {
	dir := t.TempDir()
	link := func(src, name string) {
		abs, err := filepath.Abs(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(abs, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	link(modelsDir+"/messaging-api-model/messaging.json", "messaging.json")
	link("../../shared/models/schemas/notifications/AnyOfferChangedNotification.json", "AnyOfferChangedNotification.json")
	if err := os.WriteFile(filepath.Join(dir, "petstore.json"), []byte(`{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	sb := spapitest.Start(t, spapitest.Models(dir), spapitest.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if len(sb.Models()) != 1 || sb.Models()[0].File != "messaging.json" {
		t.Fatalf("models %v", sb.Models())
	}
	got := sb.Skipped()
	if len(got) != 2 || got[0].File != "AnyOfferChangedNotification.json" || !strings.Contains(got[0].Reason, "JSON Schema") ||
		got[1].File != "petstore.json" || !strings.Contains(got[1].Reason, "OpenAPI 3") {
		t.Fatalf("skipped %+v", got)
	}
	for _, f := range []string{"AnyOfferChangedNotification.json", "petstore.json"} {
		if !strings.Contains(logs.String(), "file="+f) {
			t.Errorf("skipping %s was not logged:\n%s", f, logs.String())
		}
	}
	// Named explicitly, a non-model is an error, not a skip.
	if _, err := spapitest.New(spapitest.Models(dir), spapitest.Only("petstore.json")); err == nil || !strings.Contains(err.Error(), "petstore.json is an OpenAPI 3 document") {
		t.Fatalf("Only(petstore.json): %v", err)
	}
	if _, err := spapitest.New(spapitest.Models(filepath.Join(dir, "AnyOfferChangedNotification.json"))); err == nil || !strings.Contains(err.Error(), "not an SP-API model") {
		t.Fatalf("Models(schema file): %v", err)
	}
}

// TestRestrictedDataTokenWithoutTokensModel: the runtime's restricted
// operations work against a sandbox serving only their own model; the
// sandbox plays createRestrictedDataToken and checks its request.
func TestRestrictedDataTokenWithoutTokensModel(t *testing.T) {
	sb := start(t, []string{"ordersV0.json"}, spapitest.RequireAuth())
	if b := sb.Builtins(); len(b) != 1 || b[0].Operation != "createRestrictedDataToken" || b[0].Path != spapitest.RestrictedDataTokenPath {
		t.Fatalf("builtins %+v", b)
	}
	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		t.Fatal(err)
	}
	orders, _ := ordersv0.New(c)
	resp, err := orders.GetOrder(context.Background(), "TEST_CASE_200")
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.GetPayload().AmazonOrderID; got != "902-1845936-5435065" {
		t.Fatalf("order %q", got)
	}
	rdt := sb.Exchanges("createRestrictedDataToken")
	if len(rdt) != 1 || rdt[0].Status != 200 || !strings.Contains(string(rdt[0].Body), `"path":"/orders/v0/orders/{orderId}"`) {
		t.Fatalf("createRestrictedDataToken exchanges %+v", rdt)
	}

	token := issueLWA(t, sb)
	post := func(body string) reply {
		return do(t, sb, "POST", spapitest.RestrictedDataTokenPath, body, "x-amz-access-token", token)
	}
	r := post(`{"restrictedResources":[{"method":"GET","path":"/orders/v0/orders","dataElements":["buyerInfo"]}]}`)
	var ok map[string]any
	if err := json.Unmarshal(r.body, &ok); r.status != 200 || err != nil || len(ok) != 2 || ok["expiresIn"] != float64(3600) ||
		!strings.HasPrefix(ok["restrictedDataToken"].(string), "Atz.sprdt|") {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
	for body, want := range map[string]string{
		`{}`:                         `property "restrictedResources" is missing`,
		`{"restrictedResources":[]}`: "at /restrictedResources: must name at least one",
		`{"restrictedResources":[{"method":"PATCH","path":"/x"}]}`:                                 `at /restrictedResources/0/method: value "PATCH" is not one of the allowed values`,
		`{"restrictedResources":[{"method":"GET"}]}`:                                               `at /restrictedResources/0: property "path" is missing`,
		`{"restrictedResources":[{"method":"GET","path":"orders/v0/orders"}]}`:                     "at /restrictedResources/0/path",
		`{"restrictedResources":[{"method":"GET","path":"/orders/v0/orders","dataElements":[1]}]}`: "at /restrictedResources/0/dataElements/0",
	} {
		r := post(body)
		if r.status != 400 || r.errors(t)[0].Code != "InvalidInput" || !strings.Contains(r.errors(t)[0].Message, want) {
			t.Errorf("%s: HTTP %d %s, want %q", body, r.status, r.body, want)
		}
	}
	// Without an access token it refuses, as SP-API does.
	if r := do(t, sb, "POST", spapitest.RestrictedDataTokenPath, `{"restrictedResources":[{"method":"GET","path":"/x"}]}`); r.status != 403 {
		t.Errorf("without a token: HTTP %d %s", r.status, r.body)
	}
	// A loaded tokens model serves the operation itself.
	if b := start(t, []string{"ordersV0.json", "tokens_2021-03-01.json"}).Builtins(); len(b) != 0 {
		t.Errorf("builtins with the tokens model %+v", b)
	}
}

// issueLWA gets an access token from the sandbox's token endpoint.
func issueLWA(t *testing.T, sb *spapitest.Server) string {
	t.Helper()
	resp, err := sb.Client().PostForm(sb.URL+spapitest.TokenPath, map[string][]string{
		"grant_type": {"refresh_token"}, "refresh_token": {"r"}, "client_id": {"a"}, "client_secret": {"b"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %v", err)
	}
	return tok.AccessToken
}

// TestRespondNeedsAServedOperation: a responder for an operation the
// sandbox does not serve would never answer; New says so.
func TestRespondNeedsAServedOperation(t *testing.T) {
	_, err := spapitest.New(spapitest.Models(modelsDir), spapitest.Only("messaging.json"),
		spapitest.Respond("getOrders", func(*spapitest.Call) *spapitest.Reply { return nil }))
	if err == nil || !strings.Contains(err.Error(), `Respond("getOrders"): no served operation has that ID`) {
		t.Fatalf("err = %v", err)
	}
	// A builtin counts as served, and the user's responder comes first.
	sb := spapitest.Start(t, spapitest.Models(modelsDir), spapitest.Only("messaging.json"),
		spapitest.Respond("createRestrictedDataToken", func(c *spapitest.Call) *spapitest.Reply {
			return c.Error(403, "Unauthorized", "no RDT for you")
		}))
	if r := do(t, sb, "POST", spapitest.RestrictedDataTokenPath, `{"restrictedResources":[{"method":"GET","path":"/x"}]}`); r.status != 403 || r.errors(t)[0].Message != "no RDT for you" {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
}
