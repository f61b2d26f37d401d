package messaging_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/spgen/spgen/generated/messagingactions"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/messaging"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
	"github.com/spgen/spgen/spapitest"
)

// Sending a message with an attachment: the request type comes from
// "gen messaging", the attachment from the seller.
func ExampleClient_Send() {
	sp, err := spapi.New(spapi.Config{
		Region:       spapi.NorthAmerica,
		ClientID:     os.Getenv("LWA_CLIENT_ID"),
		ClientSecret: spapi.Secret(os.Getenv("LWA_CLIENT_SECRET")),
		RefreshToken: spapi.Secret(os.Getenv("LWA_REFRESH_TOKEN")),
	})
	if err != nil {
		log.Fatal(err)
	}
	c, err := messaging.New(sp)
	if err != nil {
		log.Fatal(err)
	}
	proof, err := os.Open("proof.png")
	if err != nil {
		log.Fatal(err)
	}
	defer proof.Close()
	res, err := c.Send(context.Background(),
		messaging.Order{ID: "902-6786204-8179805", MarketplaceID: "ATVPDKIKX0DER"},
		&messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: "Please check the engraving proof."},
		messaging.Attachment{FileName: "proof.png", Content: proof})
	var ve *actionschema.ValidationError
	switch {
	case errors.Is(err, messaging.ErrNotOffered):
		fmt.Println("this message cannot be sent for the order")
	case errors.As(err, &ve):
		for _, v := range ve.Violations {
			fmt.Println(v)
		}
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println("sent, request", res.RequestID)
	}
}

// The attachment limits Amazon states in a schema's prose.
func ExamplePolicyFromSchema() {
	schema := map[string]any{"properties": map[string]any{"attachments": map[string]any{
		"description": "You can upload PDFs. The total size of attachments must be less than 5 MB.",
	}}}
	p := messaging.PolicyFromSchema(schema)
	fmt.Println(p.MaxTotalBytes, p.Types)
	// Output: 5000000 map[.pdf:application/pdf]
}

// The same workflow offline: the sandbox serves the actions with their
// schemas, the upload destination and its presigned URL, and the action.
func ExampleClient_Send_sandbox() {
	sb, err := spapitest.New(spapitest.Models("../../../shared/models/spapi"), spapitest.Only("messaging.json", "uploads_2020-11-01.json"))
	if err != nil {
		log.Fatal(err)
	}
	sb.Start()
	defer sb.Close()
	sp, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		log.Fatal(err)
	}
	c, err := messaging.New(sp)
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.Send(context.Background(),
		messaging.Order{ID: "902-6786204-8179805", MarketplaceID: "ATVPDKIKX0DER"},
		&messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: "Please check the engraving text."},
		messaging.Attachment{FileName: "engraving.txt", Content: strings.NewReader("Anna & Jörg\n")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, len(res.Attachments), res.SchemaChanged)
	// Output: 201 1 false
}
