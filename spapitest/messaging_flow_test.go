package spapitest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	messagingapi "github.com/spgen/spgen/generated/messaging"
	"github.com/spgen/spgen/generated/messagingactions"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/messaging"
	"github.com/spgen/spgen/spapitest"
)

// TestMessagingFlow: spapi/messaging sends a message with an attachment
// against the sandbox's actions and their schemas (getMessagingActionsForOrder,
// createUploadDestinationForResource, the presigned PUT checked against
// Content-MD5, confirmCustomizationDetails naming the upload); the sandbox
// checks the message against the action's schema itself, so a request the
// model allows but the schema does not (no attachments, which
// confirmCustomizationDetails' schema requires) is refused, as is an
// attachment uploaded for another order.
func TestMessagingFlow(t *testing.T) {
	sb := start(t, []string{"messaging.json", "uploads_2020-11-01.json"}, spapitest.RequireAuth())
	rt := flowRuntime(t, sb)
	client, err := messaging.New(rt)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	order := messaging.Order{ID: "114-0000001-0000001", MarketplaceID: "ATVPDKIKX0DER"}
	proof := []byte("%PDF-1.4\n% engraving proof\n")
	res, err := client.Send(ctx, order, &messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: "Please confirm the engraving."},
		messaging.Attachment{FileName: "proof.pdf", Content: bytes.NewReader(proof)})
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 201 || len(res.Attachments) != 1 {
		t.Fatalf("result %+v", res)
	}
	up := res.Attachments[0].UploadDestinationID
	doc, ok := sb.Document(spapitest.UploadURL(up))
	if !ok || !bytes.Equal(doc.Body, proof) || doc.ContentType != "application/pdf" {
		t.Fatalf("uploaded %+v", doc)
	}
	sent := sb.Exchanges("confirmCustomizationDetails")
	var body struct {
		Text        string                    `json:"text"`
		Attachments []messagingapi.Attachment `json:"attachments"`
	}
	if len(sent) != 1 || sent[0].Status != 201 || json.Unmarshal(sent[0].Body, &body) != nil ||
		body.Text != "Please confirm the engraving." || len(body.Attachments) != 1 || body.Attachments[0].UploadDestinationID != up {
		t.Fatalf("sent %+v", sent)
	}

	api, err := messagingapi.New(rt)
	if err != nil {
		t.Fatal(err)
	}
	params := &messagingapi.ConfirmCustomizationDetailsParams{MarketplaceIds: []string{order.MarketplaceID}}
	text := "Which font?"
	_, err = api.ConfirmCustomizationDetails(ctx, order.ID, params, messagingapi.CreateConfirmCustomizationDetailsRequest{Text: &text})
	var apiErr *spapi.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Errors[0].Message, "schema") ||
		!strings.Contains(apiErr.Errors[0].Message, "attachments") {
		t.Errorf("a message without the attachments the schema requires: %v", err)
	}
	// The upload belongs to the first order's action; another order cannot
	// use it.
	_, err = api.ConfirmCustomizationDetails(ctx, "114-0000002-0000002", params, messagingapi.CreateConfirmCustomizationDetailsRequest{Text: &text,
		Attachments: []messagingapi.Attachment{{FileName: "proof.pdf", UploadDestinationID: up}}})
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Errors[0].Message, "was created for") {
		t.Errorf("another order's upload: %v", err)
	}
}
