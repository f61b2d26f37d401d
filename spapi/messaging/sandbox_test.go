package messaging_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/messaging"
	"github.com/spgen/spgen/spapitest"
)

// The workflow runs against the offline sandbox (package spapitest)
// serving Amazon's Messaging and Uploads models: LWA tokens, the actions
// with their schemas (the shared fixture, which the sandbox finds next to
// the models), upload destinations, presigned PUTs checked against
// Content-MD5, and the message operations.
var (
	modelsDir = filepath.Join("..", "..", "..", "shared", "models", "spapi")
	fixture   = filepath.Join("..", "..", "..", "shared", "fixtures", "messaging", "getMessagingActionsForOrder.json")
)

const (
	fixtureOrder = "902-6786204-8179805"
	marketplace  = "ATVPDKIKX0DER"
)

// newSandbox serves the Messaging and Uploads models, refusing requests
// without a token it issued.
func newSandbox(t *testing.T, opts ...spapitest.Option) *spapitest.Server {
	t.Helper()
	base := []spapitest.Option{spapitest.Models(modelsDir), spapitest.Only("messaging.json", "uploads_2020-11-01.json"), spapitest.RequireAuth()}
	return spapitest.Start(t, append(base, opts...)...)
}

func readFixture(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// editedFixture is the fixture after edit, for spapitest.MessagingActions.
func editedFixture(t *testing.T, edit func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(readFixture(t), &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// noRetry makes failures surface at once.
type noRetry struct{}

func (noRetry) Retry(spapi.Attempt) (time.Duration, bool) { return 0, false }

func newClient(t *testing.T, sb *spapitest.Server, opts ...messaging.Option) *messaging.Client {
	t.Helper()
	sp, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()), spapi.WithRetryer(noRetry{}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := messaging.New(sp, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// messages are the message operations the sandbox received.
func messages(sb *spapitest.Server) []spapitest.Exchange {
	var out []spapitest.Exchange
	for _, e := range sb.Exchanges() {
		if e.Method == http.MethodPost && strings.HasPrefix(e.Path, "/messaging/v1/orders/") && strings.Contains(e.Path, "/messages/") {
			out = append(out, e)
		}
	}
	return out
}

// counts returns how many upload destinations were created, files PUT and
// messages sent.
func counts(sb *spapitest.Server) (dests, puts, msgs int) {
	for _, e := range sb.Exchanges() {
		if e.Method == http.MethodPut && strings.HasPrefix(e.Path, spapitest.UploadsPath) {
			puts++
		}
	}
	return len(sb.Exchanges("createUploadDestinationForResource")), puts, len(messages(sb))
}
