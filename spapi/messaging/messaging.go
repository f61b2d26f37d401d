// Package messaging sends messages to buyers the way the Messaging API
// guide describes (steps 1–9): list the actions offered for an order, check
// the request against the schema Amazon serves for that order right now,
// upload the attachments, and call the action's operation.
//
// Request values are the types "gen messaging" generates (see
// generated/messagingactions); each carries the schema it was generated
// from, so [Client.Send] can tell when Amazon's live schema has changed and
// still enforces the live one. All calls go through an [spapi.Client], so
// they are authenticated, rate limited and retried safely (a message
// operation is never re-sent once it may have reached Amazon).
package messaging

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"

	messagingapi "github.com/spgen/spgen/generated/messaging"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/documents"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// Client sends buyer messages. It is safe for concurrent use.
type Client struct {
	api      *messagingapi.RawClient
	http     *http.Client
	endpoint string
	uploads  uploader
	schemas  *actionschema.Cache
	log      *slog.Logger
	policy   *AttachmentPolicy
}

// uploader is the part of documents.Uploads the workflow uses: Content-MD5,
// createUploadDestinationForResource, PUT to the presigned URL.
type uploader interface {
	Upload(ctx context.Context, f documents.File) (string, error)
}

// Option customises a Client.
type Option func(*Client)

// WithLogger logs each step at debug level and schema changes at warn.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) { c.log = slog.New(spapi.RedactingHandler(l.Handler())) }
}

// WithAttachmentPolicy replaces the policy read from each live schema (see
// [PolicyFromSchema]).
func WithAttachmentPolicy(p AttachmentPolicy) Option { return func(c *Client) { c.policy = &p } }

// WithSchemaCache shares compiled live schemas between clients (default:
// one cache per Client).
func WithSchemaCache(cache *actionschema.Cache) Option { return func(c *Client) { c.schemas = cache } }

// New returns a Client calling the Messaging and Uploads APIs through sp.
func New(sp *spapi.Client, opts ...Option) (*Client, error) {
	api, err := messagingapi.NewRawClient(sp.Endpoint(), messagingapi.WithHTTPClient(sp.HTTPClient()))
	if err != nil {
		return nil, err
	}
	up, err := documents.NewUploads(sp)
	if err != nil {
		return nil, err
	}
	c := &Client{
		api:      api,
		http:     sp.HTTPClient(),
		endpoint: sp.Endpoint(),
		uploads:  up,
		schemas:  &actionschema.Cache{},
		log:      slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Order identifies the order a message is about.
type Order struct {
	// ID is the Amazon order identifier, e.g. "902-6786204-8179805".
	ID string
	// MarketplaceID is the marketplace the order was placed in.
	MarketplaceID string
}

// Actions calls getMessagingActionsForOrder and returns the actions offered
// for the order with their live schemas (step 2). Both response shapes that
// occur are read: the schema directly at _embedded.schema, or under its
// payload member as the model declares.
func (c *Client) Actions(ctx context.Context, order Order) ([]actionschema.Action, error) {
	if order.ID == "" || order.MarketplaceID == "" {
		return nil, errors.New("messaging: an Order needs an ID and a MarketplaceID")
	}
	// The raw response: its embedded schemas are read as they are.
	resp, body, err := read(c.api.GetMessagingActionsForOrder(ctx, order.ID,
		&messagingapi.GetMessagingActionsForOrderParams{MarketplaceIds: []string{order.MarketplaceID}}))
	if err == nil {
		err = spapi.CheckResponse(resp, body)
	}
	if err != nil {
		return nil, fmt.Errorf("messaging: getMessagingActionsForOrder: %w", err)
	}
	actions, err := actionschema.ParseActionsResponse(body)
	if err != nil {
		return nil, fmt.Errorf("messaging: getMessagingActionsForOrder response: %w", err)
	}
	return actions, nil
}

// Result is the outcome of a sent message.
type Result struct {
	// Action and OrderID say what was sent for which order.
	Action, OrderID string
	// StatusCode is the HTTP status of the action's operation (201).
	StatusCode int
	// RequestID is Amazon's x-amzn-RequestId of that call.
	RequestID string
	// Attachments are the uploaded files, in order.
	Attachments []SentAttachment
	// SchemaFingerprint identifies the live schema the request was checked
	// against; SchemaChanged reports that it differs from the one the
	// request type was generated from.
	SchemaFingerprint string
	SchemaChanged     bool
}

// SentAttachment is one uploaded attachment.
type SentAttachment struct {
	FileName            string
	ContentType         string
	Size                int64
	UploadDestinationID string
}

// Send sends req for order, attaching files (steps 2–9 of the guide):
//
//  1. list the actions offered for the order and refuse an action that is
//     not offered ([NotOfferedError]);
//  2. compile the live schema of the action (cached by fingerprint) and
//     check the request against it and against the generated Validate, with
//     the attachments listed by file name: every violation is reported as
//     an *actionschema.ValidationError, so a constraint Amazon added after
//     the type was generated is still enforced;
//  3. check the attachments against the policy (total size, file types;
//     [AttachmentError]) before uploading any;
//  4. upload each attachment: Content-MD5, createUploadDestinationForResource
//     for messaging/v1/orders/{id}/messages/{action}, PUT;
//  5. call the action's operation with the text and the attachments'
//     uploadDestinationId and fileName.
//
// The request's own attachments, if any, must already be uploaded (each with
// its id); files are added after them.
func (c *Client) Send(ctx context.Context, order Order, req actionschema.Request, files ...Attachment) (*Result, error) {
	action := req.ActionName()
	log := c.log.With("action", action, "order", order.ID)

	actions, err := c.Actions(ctx, order)
	if err != nil {
		return nil, err
	}
	var live *actionschema.Action
	offered := make([]string, 0, len(actions))
	for i := range actions {
		offered = append(offered, actions[i].Name)
		if actions[i].Name == action {
			live = &actions[i]
		}
	}
	if live == nil {
		return nil, &NotOfferedError{OrderID: order.ID, Action: action, Offered: offered}
	}

	compiled, hit, err := c.schemas.Compile(action, live.Schema)
	if err != nil {
		return nil, fmt.Errorf("messaging: live schema of %s: %w", action, err)
	}
	res := &Result{Action: action, OrderID: order.ID, SchemaFingerprint: compiled.Fingerprint}
	if compiled.Fingerprint != req.SchemaFingerprint() {
		res.SchemaChanged = true
		log.WarnContext(ctx, "messaging: live schema differs from the one the request type was generated from; checking against the live schema",
			"generated", req.SchemaFingerprint(), "live", compiled.Fingerprint)
	}
	log.DebugContext(ctx, "messaging: live schema", "fingerprint", compiled.Fingerprint, "cached", hit)

	instance, err := requestObject(req)
	if err != nil {
		return nil, err
	}
	atts, err := existingAttachments(instance)
	if err != nil {
		return nil, err
	}
	if len(files) > 0 && !declares(compiled.Normalized, "attachments") {
		return nil, &AttachmentError{Index: -1, Reason: "action " + action + " takes no attachments"}
	}
	for _, f := range files {
		atts = append(atts, map[string]any{"fileName": f.FileName})
	}
	if len(files) > 0 {
		instance["attachments"] = atts
	}

	// Everything the schema says is checked before anything is uploaded.
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if err := compiled.Validate(instance); err != nil {
		return nil, err
	}
	policy := PolicyFromSchema(live.Schema)
	if c.policy != nil {
		policy = *c.policy
	}
	ready, err := policy.check(files)
	if err != nil {
		return nil, err
	}

	resource := "messaging/v1/orders/" + url.PathEscape(order.ID) + "/messages/" + url.PathEscape(action)
	base := len(atts) - len(ready)
	for i, f := range ready {
		id, err := c.uploads.Upload(ctx, documents.File{
			Resource:       resource,
			MarketplaceIDs: []string{order.MarketplaceID},
			ContentType:    f.contentType,
			Content:        f.Content,
		})
		if err != nil {
			return res, fmt.Errorf("messaging: upload %s: %w", f.FileName, err)
		}
		log.DebugContext(ctx, "messaging: uploaded attachment", "file", f.FileName, "bytes", f.size)
		atts[base+i].(map[string]any)["id"] = id
		res.Attachments = append(res.Attachments, SentAttachment{FileName: f.FileName, ContentType: f.contentType, Size: f.size, UploadDestinationID: id})
	}
	// With the ids filled in, the message is checked once more as sent.
	if err := compiled.Validate(instance); err != nil {
		return res, err
	}

	body, err := json.Marshal(operationBody(instance))
	if err != nil {
		return res, fmt.Errorf("messaging: encode %s body: %w", action, err)
	}
	resp, respBody, err := c.call(ctx, order, action, body)
	if err != nil {
		return res, fmt.Errorf("messaging: %s: %w", action, spapi.RedactError(err))
	}
	if err := spapi.CheckResponse(resp, respBody); err != nil {
		return res, fmt.Errorf("messaging: %s: %w", action, err)
	}
	res.StatusCode = resp.StatusCode
	res.RequestID = resp.Header.Get("x-amzn-RequestId")
	log.InfoContext(ctx, "messaging: message sent", "status", resp.StatusCode, "attachments", len(res.Attachments))
	return res, nil
}

// call sends body to the action's operation: the generated client's method
// for actions in the model, else a POST to the action's path (actions
// Amazon offers that the model no longer lists, e.g. negativeFeedbackRemoval).
func (c *Client) call(ctx context.Context, order Order, action string, body []byte) (*http.Response, []byte, error) {
	if op, ok := operations[action]; ok {
		return op(ctx, c.api, order.ID, []string{order.MarketplaceID}, bytes.NewReader(body))
	}
	path := "/messaging/v1/orders/" + url.PathEscape(order.ID) + "/messages/" + url.PathEscape(action)
	u := c.endpoint + path + "?marketplaceIds=" + url.QueryEscape(order.MarketplaceID)
	ctx = spapi.WithOperation(ctx, &spapi.Operation{ID: action, API: "messaging", Method: http.MethodPost, Path: "/messaging/v1/orders/{amazonOrderId}/messages/" + action})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", jsonContent)
	req.Header.Set("Accept", "application/hal+json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, nil, err
	}
	return resp, b, nil
}

// requestObject returns req as the JSON object the schema describes.
func requestObject(req actionschema.Request) (map[string]any, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("messaging: encode request: %w", err)
	}
	v, err := actionschema.DecodeInstance(b)
	if err != nil {
		return nil, fmt.Errorf("messaging: encode request: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("messaging: request %T does not encode as a JSON object", req)
	}
	return m, nil
}

func existingAttachments(instance map[string]any) ([]any, error) {
	v, ok := instance["attachments"]
	if !ok || v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errors.New("messaging: request attachments is not an array")
	}
	for i, a := range list {
		m, ok := a.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("messaging: request attachment %d is not an object", i)
		}
		if id, _ := m["id"].(string); id == "" {
			return nil, fmt.Errorf("messaging: request attachment %d has no id; pass files to Send to upload them", i)
		}
	}
	return list, nil
}

func declares(schema any, property string) bool {
	m, _ := schema.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	_, ok := props[property]
	return ok
}

// operationBody maps the schema's request object to the operation's body:
// the schema calls the message text "rawMessageBody" and an attachment's
// upload destination "id"; the operations (and the guide's step 9) call them
// "text" and "uploadDestinationId". Other properties keep their names.
func operationBody(instance map[string]any) map[string]any {
	body := make(map[string]any, len(instance))
	for k, v := range instance {
		switch k {
		case "rawMessageBody":
			body["text"] = v
		case "attachments":
			list, _ := v.([]any)
			out := make([]any, 0, len(list))
			for _, a := range list {
				m, _ := a.(map[string]any)
				out = append(out, map[string]any{"uploadDestinationId": m["id"], "fileName": m["fileName"]})
			}
			body["attachments"] = out
		default:
			body[k] = v
		}
	}
	return body
}
