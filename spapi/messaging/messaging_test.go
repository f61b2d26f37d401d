package messaging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"reflect"
	"sort"
	"strings"
	"testing"

	messagingapi "github.com/spgen/spgen/generated/messaging"
	"github.com/spgen/spgen/generated/messagingactions"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/messaging"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
	"github.com/spgen/spgen/spapitest"
)

var order = messaging.Order{ID: fixtureOrder, MarketplaceID: marketplace}

// pngBytes is a 1×1 PNG.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// TestSendWithAttachments is the guide's workflow end to end: list the
// actions, check, upload two attachments (Content-MD5, destination for the
// action's resource, PUT), then call confirmCustomizationDetails with the
// text and the uploadDestinationIds.
func TestSendWithAttachments(t *testing.T) {
	sb := newSandbox(t)
	c := newClient(t, sb)
	req := &messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: "Please confirm the engraving „Anna & Jörg“."}
	notes := []byte("Font: Garamond, 12pt\n")
	res, err := c.Send(context.Background(), order, req,
		messaging.Attachment{FileName: "proof.png", Content: bytes.NewReader(pngBytes)},
		messaging.Attachment{FileName: "notes.txt", Content: bytes.NewReader(notes)},
	)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 201 || res.RequestID == "" || res.SchemaChanged || len(res.Attachments) != 2 {
		t.Fatalf("result = %+v", res)
	}
	if res.SchemaFingerprint != req.SchemaFingerprint() {
		t.Errorf("live fingerprint %s, generated %s", res.SchemaFingerprint, req.SchemaFingerprint())
	}
	if d, p, m := counts(sb); d != 2 || p != 2 || m != 1 {
		t.Fatalf("calls: %d destinations, %d puts, %d messages", d, p, m)
	}
	dests := sb.Exchanges("createUploadDestinationForResource")
	for i, want := range []struct {
		name, ct string
		data     []byte
	}{{"proof.png", "image/png", pngBytes}, {"notes.txt", "text/plain", notes}} {
		a := res.Attachments[i]
		d, ok := sb.Document(spapitest.UploadURL(a.UploadDestinationID))
		if !ok || !bytes.Equal(d.Body, want.data) || d.ContentType != want.ct || a.ContentType != want.ct || a.Size != int64(len(want.data)) {
			t.Errorf("attachment %d: %+v, stored %+v", i, a, d)
			continue
		}
		if dests[i].Path != "/uploads/2020-11-01/uploadDestinations/messaging/v1/orders/"+fixtureOrder+"/messages/confirmCustomizationDetails" {
			t.Errorf("destination %d created at %q", i, dests[i].Path)
		}
	}
	m := messages(sb)[0]
	var body map[string]any
	if err := json.Unmarshal(m.Body, &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"text": req.RawMessageBody,
		"attachments": []any{
			map[string]any{"uploadDestinationId": res.Attachments[0].UploadDestinationID, "fileName": "proof.png"},
			map[string]any{"uploadDestinationId": res.Attachments[1].UploadDestinationID, "fileName": "notes.txt"},
		},
	}
	if m.Operation != "confirmCustomizationDetails" || m.Path != "/messaging/v1/orders/"+fixtureOrder+"/messages/confirmCustomizationDetails" ||
		m.Query.Get("marketplaceIds") != marketplace || m.Status != 201 || !reflect.DeepEqual(body, want) {
		t.Errorf("message = %+v %s\nwant body %v", m, m.Body, want)
	}
}

// TestSendRefusesActionNotOffered: nothing is uploaded or sent for an
// action the order does not offer.
func TestSendRefusesActionNotOffered(t *testing.T) {
	sb := newSandbox(t, spapitest.MessagingActions(editedFixture(t, func(doc map[string]any) {
		emb := doc["_embedded"].(map[string]any)
		emb["actions"] = emb["actions"].([]any)[1:] // drop confirmCustomizationDetails
	})))
	c := newClient(t, sb)
	_, err := c.Send(context.Background(), messaging.Order{ID: "111-0000000-0000001", MarketplaceID: marketplace},
		&messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: "hi"},
		messaging.Attachment{FileName: "a.txt", Content: strings.NewReader("a")})
	var no *messaging.NotOfferedError
	if !errors.As(err, &no) || !errors.Is(err, messaging.ErrNotOffered) || strings.Join(no.Offered, ",") != "negativeFeedbackRemoval,confirmOrderDetails" {
		t.Fatalf("err = %v", err)
	}
	if d, p, m := counts(sb); d+p+m != 0 {
		t.Errorf("calls after refusal: %d destinations, %d puts, %d messages", d, p, m)
	}
}

// TestSendEnforcesLiveSchema: Amazon tightened maxLength after the type was
// generated; the request passes the generated Validate but not the live
// schema, and nothing is uploaded or sent. The change is logged.
func TestSendEnforcesLiveSchema(t *testing.T) {
	sb := newSandbox(t, spapitest.MessagingActions(editedFixture(t, func(doc map[string]any) {
		a := doc["_embedded"].(map[string]any)["actions"].([]any)[0].(map[string]any)
		body := a["_embedded"].(map[string]any)["schema"].(map[string]any)["properties"].(map[string]any)["rawMessageBody"].(map[string]any)
		body["maxLength"] = 10
	})))
	var logs bytes.Buffer
	c := newClient(t, sb, messaging.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	req := &messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: "twenty characters!!!"}
	if err := req.Validate(); err != nil {
		t.Fatalf("generated Validate: %v", err)
	}
	_, err := c.Send(context.Background(), order, req, messaging.Attachment{FileName: "a.txt", Content: strings.NewReader("a")})
	var ve *actionschema.ValidationError
	if !errors.As(err, &ve) || !ve.Has("/rawMessageBody", "maxLength") || len(ve.Violations) != 1 {
		t.Fatalf("err = %v", err)
	}
	if d, p, m := counts(sb); d+p+m != 0 {
		t.Errorf("calls after a schema violation: %d destinations, %d puts, %d messages", d, p, m)
	}
	if !strings.Contains(logs.String(), "live schema differs") {
		t.Errorf("no schema change logged:\n%s", logs.String())
	}
}

// TestSendChecksAttachmentsBeforeUpload: count (schema maxItems), total
// size, file type and content are all checked before the first upload.
func TestSendChecksAttachmentsBeforeUpload(t *testing.T) {
	txt := func(name string) messaging.Attachment {
		return messaging.Attachment{FileName: name, Content: strings.NewReader("hello")}
	}
	big := bytes.Repeat([]byte("a"), 5_000_000)
	cases := []struct {
		name    string
		files   []messaging.Attachment
		check   func(error) bool
		wantMsg string
	}{
		{"six files", []messaging.Attachment{txt("1.txt"), txt("2.txt"), txt("3.txt"), txt("4.txt"), txt("5.txt"), txt("6.txt")},
			func(err error) bool {
				var ve *actionschema.ValidationError
				return errors.As(err, &ve) && ve.Has("/attachments", "maxItems")
			}, "maxItems"},
		{"10 MB in total", []messaging.Attachment{{FileName: "a.txt", Content: bytes.NewReader(big)}, {FileName: "b.txt", Content: bytes.NewReader(big)}},
			func(err error) bool { return errors.Is(err, messaging.ErrAttachmentRejected) }, "not less than the limit of 10000000"},
		{"executable", []messaging.Attachment{txt("setup.exe")},
			func(err error) bool { return errors.Is(err, messaging.ErrAttachmentRejected) }, `".exe" is not allowed`},
		{"text named .png", []messaging.Attachment{txt("photo.png")},
			func(err error) bool { return errors.Is(err, messaging.ErrAttachmentRejected) }, "not a .png file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newSandbox(t)
			c := newClient(t, sb)
			_, err := c.Send(context.Background(), order, &messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: "hi"}, tc.files...)
			if !tc.check(err) || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Fatalf("err = %v", err)
			}
			if d, p, m := counts(sb); d+p+m != 0 {
				t.Errorf("calls: %d destinations, %d puts, %d messages", d, p, m)
			}
		})
	}
	// Just under the limit passes.
	sb := newSandbox(t)
	c := newClient(t, sb)
	under := bytes.Repeat([]byte("a"), 9_999_999)
	if _, err := c.Send(context.Background(), order, &messagingactions.ConfirmCustomizationDetailsRequest{RawMessageBody: "hi"},
		messaging.Attachment{FileName: "a.txt", Content: bytes.NewReader(under)}); err != nil {
		t.Fatalf("9,999,999 bytes: %v", err)
	}
}

// TestSendCachesLiveSchemas: the live schema is compiled once per distinct
// schema, even across orders (the per-order HAL links are normalised away).
func TestSendCachesLiveSchemas(t *testing.T) {
	sb := newSandbox(t)
	cache := &actionschema.Cache{}
	c := newClient(t, sb, messaging.WithSchemaCache(cache))
	for _, id := range []string{fixtureOrder, "222-0000000-0000002", fixtureOrder} {
		res, err := c.Send(context.Background(), messaging.Order{ID: id, MarketplaceID: marketplace}, &messagingactions.ConfirmOrderDetailsRequest{RawMessageBody: "Is the size right?"})
		if err != nil {
			t.Fatal(err)
		}
		if res.SchemaChanged {
			t.Errorf("order %s: schema reported changed", id)
		}
	}
	if cache.Len() != 1 {
		t.Errorf("cache holds %d compiled schemas, want 1", cache.Len())
	}
	if _, _, m := counts(sb); m != 3 {
		t.Errorf("%d messages sent, want 3", m)
	}
}

// TestSendOperationError: an error answer of the action's operation comes
// back as *spapi.Error with Amazon's code.
func TestSendOperationError(t *testing.T) {
	sb := newSandbox(t, spapitest.Respond("createConfirmOrderDetails", func(c *spapitest.Call) *spapitest.Reply {
		return c.Error(400, "InvalidInput", "The text contains an email address.")
	}))
	c := newClient(t, sb)
	_, err := c.Send(context.Background(), order, &messagingactions.ConfirmOrderDetailsRequest{RawMessageBody: "write to me at a@b.c"})
	var se *spapi.Error
	if !errors.As(err, &se) || se.StatusCode != 400 || !se.HasCode("InvalidInput") {
		t.Fatalf("err = %v", err)
	}
}

// TestSendActionMissingFromModel: negativeFeedbackRemoval is offered by
// Amazon but no longer in the Messaging model; it is sent to its path.
func TestSendActionMissingFromModel(t *testing.T) {
	sb := newSandbox(t)
	c := newClient(t, sb)
	res, err := c.Send(context.Background(), order, &messagingactions.NegativeFeedbackRemovalRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ms := messages(sb)
	if res.StatusCode != 201 || len(ms) != 1 || ms[0].Operation != spapitest.OfferedActionOperation ||
		!strings.HasSuffix(ms[0].Path, "/messages/negativeFeedbackRemoval") || string(ms[0].Body) != "{}" {
		t.Fatalf("result %+v, messages %+v", res, ms)
	}
}

// TestSendModelShapedResponse: a response with the schema under
// _embedded.schema.payload (as the model declares it) works the same.
func TestSendModelShapedResponse(t *testing.T) {
	sb := newSandbox(t, spapitest.MessagingActions(editedFixture(t, func(doc map[string]any) {
		for _, a := range doc["_embedded"].(map[string]any)["actions"].([]any) {
			emb := a.(map[string]any)["_embedded"].(map[string]any)
			sch := emb["schema"].(map[string]any)
			links := sch["_links"]
			delete(sch, "_links")
			emb["schema"] = map[string]any{"_links": links, "payload": sch}
		}
	})))
	c := newClient(t, sb)
	res, err := c.Send(context.Background(), order, &messagingactions.ConfirmOrderDetailsRequest{RawMessageBody: "Which colour?"})
	if err != nil {
		t.Fatal(err)
	}
	if res.SchemaChanged {
		t.Error("model-shaped response: schema reported changed")
	}
}

// TestAttachmentsNeedAnAction that takes them.
func TestAttachmentsNeedAnAction(t *testing.T) {
	sb := newSandbox(t)
	c := newClient(t, sb)
	_, err := c.Send(context.Background(), order, &messagingactions.ConfirmOrderDetailsRequest{RawMessageBody: "x"},
		messaging.Attachment{FileName: "a.txt", Content: strings.NewReader("a")})
	if !errors.Is(err, messaging.ErrAttachmentRejected) {
		t.Fatalf("err = %v", err)
	}
}

// TestOperationsCoverModel: every message operation of the Messaging model
// can be sent.
func TestOperationsCoverModel(t *testing.T) {
	var model []string
	for _, op := range messagingapi.Operations() {
		if op.Method == "POST" && strings.HasPrefix(op.Path, "/messaging/v1/orders/{amazonOrderId}/messages/") {
			model = append(model, strings.TrimPrefix(op.Path, "/messaging/v1/orders/{amazonOrderId}/messages/"))
		}
	}
	sort.Strings(model)
	got := messaging.ModelActions()
	if !reflect.DeepEqual(got, model) {
		t.Errorf("operations cover %v, model has %v", got, model)
	}
}

// TestPolicyFromSchema reads the limits from the fixture's prose.
func TestPolicyFromSchema(t *testing.T) {
	acts, err := actionschema.ParseActionsResponse(readFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	p := messaging.PolicyFromSchema(acts[0].Schema)
	var exts []string
	for e := range p.Types {
		exts = append(exts, e)
	}
	sort.Strings(exts)
	if p.MaxTotalBytes != 10_000_000 || strings.Join(exts, " ") != ".doc .docx .gif .jpeg .jpg .pdf .png .txt" {
		t.Errorf("policy = %d bytes, %v", p.MaxTotalBytes, exts)
	}
	narrow := map[string]any{"properties": map[string]any{"attachments": map[string]any{
		"description": "Only PDFs. The total size of attachments must be less than 2 MB."}}}
	p = messaging.PolicyFromSchema(narrow)
	if p.MaxTotalBytes != 2_000_000 || len(p.Types) != 1 || p.Types[".pdf"] != "application/pdf" {
		t.Errorf("narrow policy = %+v", p)
	}
}
