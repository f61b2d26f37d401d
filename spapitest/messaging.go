package spapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// MessagingFixture is where the sandbox looks for the getMessagingActionsForOrder
// response it serves by default: this path under the models directory or
// one of its parent directories (../shared/fixtures/... for
// ../shared/models/spapi).
const MessagingFixture = "fixtures/messaging/getMessagingActionsForOrder.json"

// messagingPrefix is the path of every messaging operation of an order.
const messagingPrefix = "/messaging/v1/orders/"

// MessagingActions sets the getMessagingActionsForOrder response the
// sandbox serves, with the actions' JSON Schemas under
// _embedded.actions[]._embedded.schema, for every order no static case
// answers: the order ID and marketplace of its links are replaced by the
// request's. Without it the sandbox serves [MessagingFixture] when it finds
// one; Amazon's own case (order 123-1234567-1234567) lists the actions
// without their schemas.
func MessagingActions(response []byte) Option {
	return func(c *config) { c.actions, c.actionsFile = append([]byte(nil), response...), "MessagingActions" }
}

// MessagingActionsFile is [MessagingActions] read from a file.
func MessagingActionsFile(path string) Option {
	return func(c *config) { c.actionsPath = path }
}

// actionsSource is the getMessagingActionsForOrder response served for
// orders without a case.
type actionsSource struct {
	file        string // where it came from, for the log
	body        []byte
	order, mkt  string // the order ID and marketplace its links name
	names       []string
	withSchemas bool
	// schemas are the actions' compiled JSON Schemas, by action name.
	schemas map[string]*actionschema.Compiled
}

// loadActions finds and checks the actions response: the configured one,
// else the fixture near the models directory. It returns nil when there is
// none; a response that is not usable is an error naming its file and the
// JSON pointer or offset.
func loadActions(cfg *config) (*actionsSource, error) {
	body, file := cfg.actions, cfg.actionsFile
	if cfg.actionsPath != "" {
		b, err := os.ReadFile(cfg.actionsPath)
		if err != nil {
			return nil, fmt.Errorf("spapitest: messaging actions: %w", err)
		}
		body, file = b, cfg.actionsPath
	}
	if body == nil {
		file = findUp(cfg.dir, MessagingFixture, false)
		if file == "" {
			return nil, nil
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("spapitest: messaging actions: %w", err)
		}
		body = b
	}
	actions, err := actionschema.ParseActionsResponse(body)
	if err != nil {
		return nil, fmt.Errorf("spapitest: messaging actions %s: %w", file, err)
	}
	src := &actionsSource{file: file, body: body, schemas: map[string]*actionschema.Compiled{}}
	for _, a := range actions {
		src.names = append(src.names, a.Name)
		src.withSchemas = src.withSchemas || a.Schema != nil
		if a.Schema != nil {
			c, err := actionschema.Compile(a.Name, a.Schema)
			if err != nil {
				return nil, fmt.Errorf("spapitest: messaging actions %s at %s: %w", file, a.Pointer, err)
			}
			src.schemas[a.Name] = c
		}
		if src.order == "" && strings.HasPrefix(a.Href, messagingPrefix) {
			u, err := url.Parse(a.Href)
			if err == nil {
				src.order, _, _ = strings.Cut(strings.TrimPrefix(u.Path, messagingPrefix), "/")
				src.mkt = u.Query().Get("marketplaceIds")
			}
		}
	}
	return src, nil
}

// forOrder is the response for order in marketplace: the source's order ID
// and marketplace in its links replaced.
func (a *actionsSource) forOrder(order, mkt string) []byte {
	b := a.body
	if a.order != "" {
		b = bytes.ReplaceAll(b, []byte(messagingPrefix+a.order), []byte(messagingPrefix+url.PathEscape(order)))
	}
	if a.mkt != "" && mkt != "" {
		b = bytes.ReplaceAll(b, []byte("marketplaceIds="+a.mkt), []byte("marketplaceIds="+url.QueryEscape(mkt)))
	}
	return b
}

// setupMessaging adds the messaging responders when the messaging model is
// served: getMessagingActionsForOrder answers from the actions source, every
// message operation accepts a valid message for an offered action whose
// attachments were uploaded to the sandbox for it, and actions the source
// offers that the model lacks are served at their path.
func (s *Server) setupMessaging() error {
	var list *Operation
	var actionOps []*Operation
	for _, m := range s.models {
		for _, op := range m.Operations {
			switch {
			case op.Method == http.MethodGet && op.Path == messagingPrefix+"{amazonOrderId}":
				list = op
			case op.Method == http.MethodPost && strings.HasPrefix(op.Path, messagingPrefix+"{amazonOrderId}/messages/"):
				actionOps = append(actionOps, op)
			}
		}
	}
	if list == nil {
		return nil
	}
	src, err := loadActions(&s.cfg)
	if err != nil {
		return err
	}
	s.actions, s.listActions = src, list
	if src != nil {
		s.cfg.logger.Info("sandbox: messaging actions served from "+src.file, "actions", strings.Join(src.names, ","), "schemas", src.withSchemas)
		s.own[list.ID] = append(s.own[list.ID], func(c *Call) *Reply {
			return &Reply{Status: http.StatusOK, ContentType: list.responseContentType(http.StatusOK),
				Body: json.RawMessage(src.forOrder(c.PathParams["amazonOrderId"], c.Query.Get("marketplaceIds"))),
				Note: "messaging actions of " + src.file}
		})
	} else {
		s.cfg.logger.Info("sandbox: no messaging actions response (" + MessagingFixture + " not found near the models); getMessagingActionsForOrder answers from the cases only")
	}
	for _, op := range actionOps {
		action := op.Path[strings.LastIndexByte(op.Path, '/')+1:]
		s.own[op.ID] = append(s.own[op.ID], func(c *Call) *Reply { return s.message(c, action) })
	}
	s.builtins = append(s.builtins, newBuiltin(OfferedActionOperation, http.MethodPost, messagingPrefix+"{amazonOrderId}/messages/{action}",
		func(c *Call) *Reply {
			action := c.PathParams["action"]
			if src == nil || !slices.Contains(src.names, action) {
				return c.Error(http.StatusNotFound, CodeNotFound, fmt.Sprintf("no operation of the messaging model and no offered action is named %q", action))
			}
			if c.Query.Get("marketplaceIds") == "" {
				return c.Error(http.StatusBadRequest, CodeInvalidInput, `query parameter "marketplaceIds": value is required but missing`)
			}
			if _, ok := c.Body.(map[string]any); c.Body != nil && !ok {
				return c.Error(http.StatusBadRequest, CodeInvalidInput, "request body: must be a JSON object")
			}
			return s.message(c, action)
		}))
	return nil
}

// OfferedActionOperation is the operation name [Server.Exchanges] gives
// messages sent for an action getMessagingActionsForOrder offers that the
// messaging model lacks (negativeFeedbackRemoval).
const OfferedActionOperation = "sendOfferedAction"

// offered lists the actions offered for order: those of the static
// getMessagingActionsForOrder success case naming the order, else those of
// the actions source.
func (s *Server) offered(order string) []string {
	for _, c := range s.listActions.Cases {
		if c.Status < 300 && c.values["amazonOrderId"] == order {
			return actionsInLinks(c.Response)
		}
	}
	if s.actions == nil {
		return nil
	}
	return s.actions.names
}

// actionSchema is the compiled schema getMessagingActionsForOrder serves
// for action of order: nil for an order a static case answers (Amazon's
// case lists no schemas) or an action without one.
func (s *Server) actionSchema(order, action string) *actionschema.Compiled {
	if s.actions == nil {
		return nil
	}
	for _, c := range s.listActions.Cases {
		if c.Status < 300 && c.values["amazonOrderId"] == order {
			return nil
		}
	}
	return s.actions.schemas[action]
}

// schemaInstance maps a message operation's body to the request object
// the action's schema describes: the operations call the message text
// "text" and an attachment's upload destination "uploadDestinationId",
// the schemas "rawMessageBody" and "id".
func schemaInstance(body any) any {
	m, ok := body.(map[string]any)
	if !ok {
		return body
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch k {
		case "text":
			out["rawMessageBody"] = v
		case "attachments":
			list, ok := v.([]any)
			if !ok {
				out[k] = v
				continue
			}
			atts := make([]any, len(list))
			for i, a := range list {
				am, ok := a.(map[string]any)
				if !ok {
					atts[i] = a
					continue
				}
				cp := make(map[string]any, len(am))
				for ak, av := range am {
					if ak == "uploadDestinationId" {
						ak = "id"
					}
					cp[ak] = av
				}
				atts[i] = cp
			}
			out[k] = atts
		default:
			out[k] = v
		}
	}
	return out
}

// actionsInLinks returns the names of _links.actions of a response.
func actionsInLinks(resp []byte) []string {
	root, _ := decodeJSON(resp).(map[string]any)
	links, _ := root["_links"].(map[string]any)
	list, _ := links["actions"].([]any)
	var names []string
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			if n, ok := m["name"].(string); ok {
				names = append(names, n)
			}
		}
	}
	return names
}

// message accepts a message for action: the action must be offered for the
// order, and every attachment's uploadDestinationId must be a destination
// the sandbox issued for this order's action and received a file for.
func (s *Server) message(c *Call, action string) *Reply {
	order := c.PathParams["amazonOrderId"]
	offered := s.offered(order)
	if !slices.Contains(offered, action) {
		return c.Error(http.StatusBadRequest, CodeInvalidInput,
			fmt.Sprintf("action %s is not offered for order %s (getMessagingActionsForOrder offers: %s)", action, order, strings.Join(offered, ", ")))
	}
	if schema := s.actionSchema(order, action); schema != nil {
		if err := schema.Validate(schemaInstance(c.Body)); err != nil {
			return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("the %s message does not match the action's schema: %v", action, err))
		}
	}
	body, _ := c.Body.(map[string]any)
	atts, _ := body["attachments"].([]any)
	resource := strings.TrimPrefix(messagingPrefix, "/") + order + "/messages/" + action
	for i, a := range atts {
		m, _ := a.(map[string]any)
		id, _ := m["uploadDestinationId"].(string)
		at := fmt.Sprintf("body.attachments[%d].uploadDestinationId", i)
		got, uploaded := c.Upload(id)
		switch {
		case got == "":
			return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("parameter %q: %q is not an upload destination the sandbox issued", at, id))
		case got != resource:
			return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("parameter %q: upload destination %q was created for %s, not %s", at, id, got, resource))
		case !uploaded:
			return c.Error(http.StatusBadRequest, CodeInvalidInput, fmt.Sprintf("parameter %q: nothing was uploaded to upload destination %q", at, id))
		}
	}
	return &Reply{Status: http.StatusCreated, Body: json.RawMessage([]byte("{}")),
		Note: fmt.Sprintf("accepted %s for order %s with %d attachments", action, order, len(atts))}
}
