package spapitest

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Notification types the sandbox sends, and the versions Amazon's
// payload schemas (schemas/notifications) give them.
const (
	ReportProcessingFinished = "REPORT_PROCESSING_FINISHED"
	FeedProcessingFinished   = "FEED_PROCESSING_FINISHED"
	notificationVersion      = "2020-09-04"
)

// SandboxSellerID is the seller the sandbox's notifications name unless
// [SellerID] sets another.
const SandboxSellerID = "A1SANDBOXSELLER"

// SandboxApplicationID is the application ID in the notifications'
// notificationMetadata.
const SandboxApplicationID = "amzn1.sellerapps.app.spgen-sandbox"

// OnNotification calls fn with the body of each notification the sandbox
// sends, in the order sent: REPORT_PROCESSING_FINISHED when a report flow
// ends, FEED_PROCESSING_FINISHED when a feed flow does. The body is the
// notification JSON exactly as an SQS message body carries it (Amazon's
// payload schemas), so package spapi/notifications parses it as it parses
// a queue's messages. fn runs in the request that finished the flow (the
// poll, the cancel, or the create with [Progress](0)), outside the
// sandbox's locks, before the response is written; to hand bodies to a
// channel, send on a buffered one:
//
//	ch := make(chan []byte, 16)
//	sb := spapitest.Start(t, spapitest.OnNotification(func(b []byte) { ch <- b }))
func OnNotification(fn func(body []byte)) Option {
	return func(c *config) {
		if fn != nil {
			c.flow.notify = append(c.flow.notify, fn)
		}
	}
}

// SellerID sets the sellerId (and the accountId amzn1.merchant.o.<id>)
// the sandbox's notifications carry (default [SandboxSellerID]).
func SellerID(id string) Option { return func(c *config) { c.flow.sellerID = id } }

// maxNotifications bounds the notifications kept for Notifications (the
// oldest are dropped first); callbacks get every one.
const maxNotifications = 10_000

// notifier keeps and delivers the notifications.
type notifier struct {
	mu       sync.Mutex
	sent     [][]byte
	seq      int
	sellerID string
	deliver  []func([]byte)
	now      func() time.Time
	logger   *slog.Logger
}

// Notifications returns the bodies of the notifications sent so far,
// oldest first (the last 10,000).
func (s *Server) Notifications() [][]byte {
	s.notify.mu.Lock()
	defer s.notify.mu.Unlock()
	out := make([][]byte, len(s.notify.sent))
	for i, b := range s.notify.sent {
		out[i] = append([]byte(nil), b...)
	}
	return out
}

// send builds a notification of type typ whose payload holds payloadKey:
// payload (sellerId and accountId added), records it and delivers it.
func (n *notifier) send(typ, payloadKey string, payload map[string]any) {
	payload["sellerId"] = n.sellerID
	payload["accountId"] = "amzn1.merchant.o." + n.sellerID
	t := timestamp(n.now())
	n.mu.Lock()
	n.seq++
	id := fmt.Sprintf("sandbox-notification-%08d", n.seq)
	body, err := json.Marshal(map[string]any{
		"notificationVersion": notificationVersion,
		"notificationType":    typ,
		"payloadVersion":      notificationVersion,
		"eventTime":           t,
		"payload":             map[string]any{payloadKey: payload},
		"notificationMetadata": map[string]any{
			"applicationId":  SandboxApplicationID,
			"subscriptionId": "subscription-id-sandbox-" + typ,
			"publishTime":    t,
			"notificationId": id,
		},
	})
	if err != nil {
		n.mu.Unlock()
		n.logger.Error("sandbox: notification not sent", "type", typ, "error", err)
		return
	}
	n.sent = append(n.sent, body)
	if len(n.sent) > maxNotifications {
		n.sent = slices.Delete(n.sent, 0, len(n.sent)-maxNotifications)
	}
	deliver := n.deliver
	n.mu.Unlock()
	for _, fn := range deliver {
		fn(append([]byte(nil), body...))
	}
}
