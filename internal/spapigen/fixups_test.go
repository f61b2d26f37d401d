package spapigen

import (
	"os"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/spapimodel"
)

func generateFixture(t *testing.T, name string) *Report {
	t.Helper()
	data, err := os.ReadFile("testdata/fixups/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	_, rep, err := GenerateModel(Model{Package: name, Input: spapimodel.Input{Rel: name + ".json", Data: data}})
	if err != nil {
		t.Fatalf("%s does not generate: %v", name, err)
	}
	return rep
}

func requireLine(t *testing.T, what string, lines []string, parts ...string) {
	t.Helper()
	for _, l := range lines {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(l, p)
		}
		if ok {
			return
		}
	}
	t.Errorf("no %s containing %q in %q", what, parts, lines)
}

// Defect: a path parameter declared but absent from the path (sellerWallet
// 2025-08's DELETE), or used but undeclared, stopped the whole model. The
// path-parameter-consistency fix-up repairs both and warns.
func TestPathParameterConsistencyWarns(t *testing.T) {
	rep := generateFixture(t, "pathconsistency")
	requireLine(t, "warning", rep.Warnings, "DELETE /wallet/2024-03-01/transferSchedules/{transferScheduleId}", `declares path parameter "accountId"`, "dropped")
	requireLine(t, "warning", rep.Warnings, "GET /wallet/2024-03-01/accounts/{accountId}/balance", "uses path parameter {accountId} without declaring it")
	requireLine(t, "warning", rep.Warnings, "GET /wallet/2024-03-01/orders/{orderId}", `declares path parameter "OrderId", which its path spells {orderId}; renamed it`)
}

// Defect: an operation declaring one parameter twice stopped oapi-codegen
// ("duplicate local parameter query/MarketplaceId").
func TestDuplicateParametersWarn(t *testing.T) {
	rep := generateFixture(t, "duplicateparams")
	requireLine(t, "warning", rep.Warnings, "GET /things/v1/things (listThings)", `declares query parameter "MarketplaceId" twice`)
}

// Defect: examples keyed "payload" or "Successful Response" became media
// types and reached the Accept header.
func TestExampleMediaTypesNotes(t *testing.T) {
	rep := generateFixture(t, "mediatypes")
	requireLine(t, "note", rep.Notes, `example keyed "Successful Response"`)
	requireLine(t, "note", rep.Notes, `example keyed "payload"`)
}

// No generated client of Amazon's models sends an Accept value that is not
// a media type.
func TestGeneratedAcceptHeadersAreMediaTypes(t *testing.T) {
	files, err := os.ReadDir("../../generated")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range files {
		src, err := os.ReadFile("../../generated/" + d.Name() + "/api.go")
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(src), "\n") {
			_, v, ok := strings.Cut(line, `req.Header.Set("Accept", "`)
			if !ok {
				continue
			}
			checked++
			for _, mt := range strings.Split(strings.TrimSuffix(v, `")`), ", ") {
				if !spapimodel.IsMediaType(mt) {
					t.Errorf("generated/%s sends Accept %q", d.Name(), v)
				}
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d Accept headers found", checked)
	}
}
