package listingsfeed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spgen/spgen/generated/schemas/feeds/listingsfeedschemav2"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// Feed is a JSON listings feed document.
type Feed = listingsfeedschemav2.ListingsFeedSchemaV2

// Message is one message of a feed.
type Message = listingsfeedschemav2.ListingsFeedSchemaV2Message

// Patch is one JSON Patch operation of a PATCH message.
type Patch = listingsfeedschemav2.ListingsFeedSchemaV2MessagePatch

// The operation types a message can have.
const (
	Update        = "UPDATE"
	PartialUpdate = "PARTIAL_UPDATE"
	PatchOp       = "PATCH"
	Delete        = "DELETE"
)

// AttributesChecker checks a message's attributes against its product
// type (producttypes.Validator implements it); violations are reported
// with pointers relative to the attributes object.
type AttributesChecker interface {
	CheckAttributes(ctx context.Context, productType string, attributes map[string]json.RawMessage) error
}

// Builder assembles a feed one message at a time, numbering messages from 1.
type Builder struct {
	feed    Feed
	checker AttributesChecker
}

// NewBuilder starts a feed for the seller (merchant ID or vendor code).
func NewBuilder(sellerID string) *Builder {
	return &Builder{feed: Feed{Header: listingsfeedschemav2.ListingsFeedSchemaV2Header{SellerID: sellerID, Version: "2.0"}}}
}

// IssueLocale sets the locale of the processing report's issue messages.
func (b *Builder) IssueLocale(locale string) *Builder {
	b.feed.Header.IssueLocale = &locale
	return b
}

// CheckAttributes makes Feed check every message's attributes with c.
func (b *Builder) CheckAttributes(c AttributesChecker) *Builder {
	b.checker = c
	return b
}

// Add appends m, giving it the next message ID when it has none, and
// returns the ID.
func (b *Builder) Add(m Message) int64 {
	if m.MessageID == 0 {
		m.MessageID = int64(len(b.feed.Messages) + 1)
	}
	b.feed.Messages = append(b.feed.Messages, m)
	return m.MessageID
}

// Feed returns the feed after validating it against listings-feed-schema-v2
// (and, with CheckAttributes, each message's attributes against its product
// type). The error is a *actionschema.ValidationError naming the pointer of
// every violation, e.g. "/messages/3/sku".
func (b *Builder) Feed(ctx context.Context) (*Feed, error) {
	f := b.feed
	if err := Validate(ctx, &f, b.checker); err != nil {
		return nil, err
	}
	return &f, nil
}

// Validate checks feed against its schema, its message IDs for
// uniqueness, and, when c is not nil, each message's attributes.
func Validate(ctx context.Context, feed *Feed, c AttributesChecker) error {
	var all []actionschema.Violation
	if err := feed.Validate(); err != nil {
		var ve *actionschema.ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		all = append(all, ve.Violations...)
	}
	seen := map[int64]int{}
	for i, m := range feed.Messages {
		if j, dup := seen[m.MessageID]; dup {
			all = append(all, actionschema.Violation{Pointer: fmt.Sprintf("/messages/%d/messageId", i), Keyword: "unique", Message: fmt.Sprintf("message ID %d is also the ID of /messages/%d", m.MessageID, j)})
		}
		seen[m.MessageID] = i
		if c == nil || m.ProductType == nil || len(m.Attributes) == 0 {
			continue
		}
		err := c.CheckAttributes(ctx, *m.ProductType, m.Attributes)
		if err == nil {
			continue
		}
		var ve *actionschema.ValidationError
		if !errors.As(err, &ve) {
			return fmt.Errorf("listingsfeed: message %d: %w", m.MessageID, err)
		}
		for _, v := range ve.Violations {
			v.Pointer = fmt.Sprintf("/messages/%d/attributes%s", i, v.Pointer)
			all = append(all, v)
		}
	}
	if len(all) > 0 {
		return &actionschema.ValidationError{Action: "JSON_LISTINGS_FEED", Violations: all}
	}
	return nil
}
