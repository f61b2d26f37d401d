package notifications

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// DefaultMaxBody is the largest body Parse and Read accept: 262,144 bytes,
// the maximum SQS message size in the Amazon SQS Developer Guide's message
// quotas (EventBridge's event limit is the same 256 KiB). A queue configured
// for larger messages needs WithMaxBody.
const DefaultMaxBody = 256 << 10

// Source says how a notification arrived.
type Source int

// The delivery channels.
const (
	// SQS: the message body is the notification JSON.
	SQS Source = iota + 1
	// EventBridge: the notification is the event's "detail".
	EventBridge
)

func (s Source) String() string {
	switch s {
	case SQS:
		return "SQS"
	case EventBridge:
		return "EventBridge"
	}
	return "unknown"
}

// Notification is one parsed notification.
type Notification struct {
	// Type is the NotificationType, e.g. "ANY_OFFER_CHANGED".
	Type string
	// NotificationVersion, PayloadVersion and EventTime are the envelope's
	// members as sent ("" when absent).
	NotificationVersion, PayloadVersion, EventTime string
	// Source is the delivery channel the body came from.
	Source Source
	// Value is the whole notification decoded into the type generated from
	// its schema (a pointer, e.g. *anyofferchangednotification.
	// AnyOfferChangedNotification); nil when Known is false.
	Value actionschema.Document
	// Known reports whether the type is one of [Kinds].
	Known bool
	// Raw is the notification JSON (the event's "detail" for EventBridge).
	Raw json.RawMessage
}

// TooLargeError is returned for a body over the size limit.
type TooLargeError struct {
	// Limit is the limit in bytes.
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("notifications: body exceeds the %d-byte limit", e.Limit)
}

// ErrNotNotification is wrapped by the error for JSON that is neither a
// notification nor an EventBridge event carrying one.
var ErrNotNotification = errors.New("not an SP-API notification")

// Option configures Parse and Read.
type Option func(*options)

type options struct{ max int64 }

// WithMaxBody sets the size limit in bytes (default DefaultMaxBody).
func WithMaxBody(n int64) Option { return func(o *options) { o.max = n } }

func config(opts []Option) options {
	o := options{max: DefaultMaxBody}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Read reads one body from r, never more than the limit plus one byte,
// and parses it.
func Read(r io.Reader, opts ...Option) (Notification, error) {
	o := config(opts)
	body, err := io.ReadAll(io.LimitReader(r, o.max+1))
	if err != nil {
		return Notification{}, fmt.Errorf("notifications: read body: %w", err)
	}
	if int64(len(body)) > o.max {
		return Notification{}, &TooLargeError{Limit: o.max}
	}
	return parse(body)
}

// Parse parses an SQS message body or an EventBridge event. A body that
// decodes but breaks its schema's "type" or "required" constraints returns
// the Notification (Value holds what could be decoded) together with a
// *actionschema.ValidationError; Validate on Value checks the rest.
func Parse(body []byte, opts ...Option) (Notification, error) {
	o := config(opts)
	if int64(len(body)) > o.max {
		return Notification{}, &TooLargeError{Limit: o.max}
	}
	return parse(body)
}

type event struct {
	DetailType *string         `json:"detail-type"`
	Detail     json.RawMessage `json:"detail"`
}

func parse(body []byte) (Notification, error) {
	if !json.Valid(body) {
		return Notification{}, fmt.Errorf("notifications: %w: body is not valid JSON", ErrNotNotification)
	}
	if t := actionschema.JSONType(body); t != "object" {
		return Notification{}, fmt.Errorf("notifications: %w: body is a JSON %s, not an object", ErrNotNotification, t)
	}
	n := Notification{Source: SQS, Raw: bytes.Clone(body)}
	members, err := exactMembers(body)
	if err != nil {
		return Notification{}, err
	}
	if _, isEvent := members["detail"]; isEvent {
		var ev event
		if err := json.Unmarshal(body, &ev); err != nil {
			return Notification{}, fmt.Errorf("notifications: EventBridge event: %w", err)
		}
		if actionschema.JSONType(ev.Detail) != "object" {
			return Notification{}, fmt.Errorf("notifications: %w: EventBridge \"detail\" is not an object", ErrNotNotification)
		}
		n.Source, n.Raw = EventBridge, bytes.Clone(ev.Detail)
		if members, err = exactMembers(ev.Detail); err != nil {
			return Notification{}, err
		}
		if ev.DetailType != nil && members["NotificationType"] == nil && members["notificationType"] == nil {
			n.Type = *ev.DetailType
		}
	}
	for _, spelling := range [][4]string{
		{"NotificationType", "NotificationVersion", "PayloadVersion", "EventTime"},
		{"notificationType", "notificationVersion", "payloadVersion", "eventTime"},
	} {
		if raw, ok := members[spelling[0]]; ok {
			if err := json.Unmarshal(raw, &n.Type); err != nil {
				return Notification{}, fmt.Errorf("notifications: %w: %s is not a string", ErrNotNotification, spelling[0])
			}
			str := func(k string) string {
				var s string
				_ = json.Unmarshal(members[k], &s)
				return s
			}
			n.NotificationVersion, n.PayloadVersion, n.EventTime = str(spelling[1]), str(spelling[2]), str(spelling[3])
			break
		}
	}
	if n.Type == "" {
		return Notification{}, fmt.Errorf("notifications: %w: no NotificationType", ErrNotNotification)
	}
	k, ok := lookup(n.Type, n.PayloadVersion)
	if !ok {
		return n, nil
	}
	n.Known = true
	n.Value = k.new()
	if err := json.Unmarshal(n.Raw, n.Value); err != nil {
		return n, fmt.Errorf("notifications: %s: %w", n.Type, err)
	}
	return n, nil
}

// exactMembers splits a JSON object into its members by exact name.
func exactMembers(obj []byte) (map[string]json.RawMessage, error) {
	var vs actionschema.Violations
	var root actionschema.Path
	m, ok := actionschema.DecodeObject(obj, &root, &vs)
	if !ok {
		return nil, fmt.Errorf("notifications: %w: %v", ErrNotNotification, vs.Err("notification"))
	}
	return m, nil
}
