package spapitest_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/spgen/spgen/spapi/messaging/actionschema"
	"github.com/spgen/spgen/spapitest"
)

const fixtureDir = "../../shared/fixtures/messaging/"

// TestMessagingActionsCarrySchemas: getMessagingActionsForOrder for an
// order no case names answers with the actions AND their JSON Schemas (the
// shared fixture, found next to the models), for the requested order, so
// the messaging workflow can read them; Amazon's own case lists the
// actions without schemas.
func TestMessagingActionsCarrySchemas(t *testing.T) {
	sb := start(t, []string{"messaging.json"})
	const order = "114-0000000-0000042"
	r := do(t, sb, "GET", "/messaging/v1/orders/"+order+"?marketplaceIds=A1PA6795UKMFR9", "")
	if r.status != 200 || r.header.Get("Content-Type") != "application/hal+json" {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
	acts, err := actionschema.ParseActionsResponse(r.body)
	if err != nil {
		t.Fatalf("the actions response has no usable schemas: %v", err)
	}
	var names []string
	for _, a := range acts {
		names = append(names, a.Name)
		if a.Schema == nil || !strings.HasPrefix(a.Href, "/messaging/v1/orders/"+order+"/messages/") || !strings.HasSuffix(a.Href, "marketplaceIds=A1PA6795UKMFR9") {
			t.Errorf("action %+v", a)
		}
	}
	if strings.Join(names, ",") != "confirmCustomizationDetails,negativeFeedbackRemoval,confirmOrderDetails" {
		t.Errorf("actions %v", names)
	}
	if strings.Contains(string(r.body), "902-6786204-8179805") {
		t.Error("the fixture's own order ID is still in the response")
	}
	// The case's order still gets Amazon's case.
	r = do(t, sb, "GET", "/messaging/v1/orders/123-1234567-1234567?marketplaceIds=ATVPDKIKX0DER", "")
	if r.header.Get(spapitest.CaseHeader) != "messaging.json getMessagingActionsForOrder 200 #0" {
		t.Errorf("case order answered by %q", r.header.Get(spapitest.CaseHeader))
	}
	// An action the messaging model lacks but the actions offer is served
	// at its path.
	if b := sb.Builtins(); len(b) != 2 || b[1].Operation != spapitest.OfferedActionOperation {
		t.Errorf("builtins %+v", b)
	}
	r = do(t, sb, "POST", "/messaging/v1/orders/"+order+"/messages/negativeFeedbackRemoval?marketplaceIds=A1PA6795UKMFR9", "{}")
	if r.status != 201 {
		t.Errorf("negativeFeedbackRemoval: HTTP %d %s", r.status, r.body)
	}
	r = do(t, sb, "POST", "/messaging/v1/orders/"+order+"/messages/amazonMotors?marketplaceIds=A1PA6795UKMFR9", "{}")
	if r.status != 404 {
		t.Errorf("an action neither modelled nor offered: HTTP %d %s", r.status, r.body)
	}
}

// TestMessagesNeedOfferedActionsAndUploadedAttachments: a message is
// accepted for an offered action only, with attachments uploaded to the
// sandbox for that very order and action.
func TestMessagesNeedOfferedActionsAndUploadedAttachments(t *testing.T) {
	sb := start(t, []string{"messaging.json", "uploads_2020-11-01.json"})
	const order = "114-0000000-0000042"
	send := func(action, body string) reply {
		return do(t, sb, "POST", "/messaging/v1/orders/"+order+"/messages/"+action+"?marketplaceIds=ATVPDKIKX0DER", body)
	}
	if r := send("confirmOrderDetails", `{"text":"Which size?"}`); r.status != 201 || r.header.Get("Content-Type") != "application/hal+json" {
		t.Fatalf("offered action: HTTP %d %s", r.status, r.body)
	}
	if r := send("createConfirmDeliveryDetails", `{"text":"x"}`); r.status != 404 {
		t.Errorf("unknown path: HTTP %d", r.status)
	}
	if r := send("confirmDeliveryDetails", `{"text":"x"}`); r.status != 400 || !strings.Contains(r.errors(t)[0].Message, "action confirmDeliveryDetails is not offered for order "+order) {
		t.Errorf("action not offered: HTTP %d %s", r.status, r.body)
	}
	// The model still validates first: text is limited to 2000 characters.
	if r := send("confirmOrderDetails", `{"text":"`+strings.Repeat("a", 2001)+`"}`); r.status != 400 || !strings.Contains(r.errors(t)[0].Message, "request body at /text") {
		t.Errorf("too long: HTTP %d %s", r.status, r.body)
	}
	destination := func(action string) string {
		r := do(t, sb, "POST", "/uploads/2020-11-01/uploadDestinations/messaging/v1/orders/"+order+"/messages/"+action+"?marketplaceIds=ATVPDKIKX0DER&contentMD5=1B2M2Y8AsgTpgAmY7PhCfg%3D%3D", "")
		if r.status != 201 || !strings.Contains(string(r.body), `"url":"https://`+spapitest.UploadsHost+`/`) {
			t.Fatalf("destination: HTTP %d %s", r.status, r.body)
		}
		return "sandbox-upload-" + strings.SplitN(strings.SplitN(string(r.body), `"uploadDestinationId":"sandbox-upload-`, 2)[1], `"`, 2)[0]
	}
	other, mine := destination("confirmOrderDetails"), destination("confirmCustomizationDetails")
	for id, want := range map[string]string{
		"4e936e26": `"4e936e26" is not an upload destination the sandbox issued`,
		other:      "was created for messaging/v1/orders/" + order + "/messages/confirmOrderDetails, not",
		mine:       "nothing was uploaded to upload destination",
	} {
		body := `{"text":"x","attachments":[{"uploadDestinationId":"` + id + `","fileName":"a.txt"}]}`
		if r := send("confirmCustomizationDetails", body); r.status != 400 || !strings.Contains(r.errors(t)[0].Message, want) {
			t.Errorf("%s: HTTP %d %s, want %q", body, r.status, r.body, want)
		}
	}
}

// TestMessagingActionsSource: a response without schemas, or not JSON,
// is refused when the sandbox starts, naming the file and where.
func TestMessagingActionsSource(t *testing.T) {
	_, err := spapitest.New(spapitest.Models(modelsDir), spapitest.Only("messaging.json"),
		spapitest.MessagingActionsFile(fixtureDir+"getMessagingActionsForOrder.malformed.txt"))
	if err == nil || !strings.Contains(err.Error(), "getMessagingActionsForOrder.malformed.txt: at offset") {
		t.Fatalf("malformed: %v", err)
	}
	_, err = spapitest.New(spapitest.Models(modelsDir), spapitest.Only("messaging.json"),
		spapitest.MessagingActions([]byte(`{"_links":{"actions":[]}}`)))
	if err == nil || !strings.Contains(err.Error(), `at /_embedded: missing object "_embedded"`) {
		t.Fatalf("no schemas: %v", err)
	}
}

// TestPresignedUploadChecks: the upload URL is on a host of its own and
// checks what S3 checks of a presigned PUT: its signature, no unsigned
// x-amz-* headers (an SP-API access token sent to storage is refused),
// the signed Content-Type and Content-MD5.
func TestPresignedUploadChecks(t *testing.T) {
	sb := start(t, []string{"uploads_2020-11-01.json"})
	r := do(t, sb, "POST", "/uploads/2020-11-01/uploadDestinations/aplus/2020-11-01/contentDocuments?marketplaceIds=ATVPDKIKX0DER&contentMD5=1B2M2Y8AsgTpgAmY7PhCfg%3D%3D&contentType=image%2Fpng", "")
	var dest struct {
		Payload struct {
			URL string `json:"url"`
		} `json:"payload"`
	}
	if err := json.Unmarshal(r.body, &dest); err != nil || r.status != 201 {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
	u, err := url.Parse(dest.Payload.URL)
	if err != nil || u.Host != spapitest.UploadsHost || u.Query().Get("X-Amz-Signature") == "" {
		t.Fatalf("url %q", dest.Payload.URL)
	}
	put := func(rawURL string, header ...string) (int, string) {
		// The MD5 of nothing is 1B2M2Y8AsgTpgAmY7PhCfg==.
		r := do(t, sb, "PUT", rawURL, "", append([]string{"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==", "Content-Type", "image/png"}, header...)...)
		return r.status, string(r.body)
	}
	unsigned := *u
	unsigned.RawQuery = ""
	for name, tc := range map[string]struct {
		url    string
		header []string
		code   string
	}{
		"no signature":  {unsigned.String(), nil, "SignatureDoesNotMatch"},
		"access token":  {dest.Payload.URL, []string{"x-amz-access-token", "Atza|secret"}, "AccessDenied"},
		"content type":  {dest.Payload.URL, []string{"Content-Type", "image/gif"}, "SignatureDoesNotMatch"},
		"other content": {dest.Payload.URL, []string{"Content-MD5", "XUFAKrxLKna5cZ2REBfFkg=="}, "SignatureDoesNotMatch"},
	} {
		if code, body := put(tc.url, tc.header...); code != 403 || !strings.Contains(body, "<Code>"+tc.code+"</Code>") {
			t.Errorf("%s: %d %s", name, code, body)
		}
	}
	if code, body := put(dest.Payload.URL); code != 200 {
		t.Fatalf("upload: %d %s", code, body)
	}
}
