package spapitest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spgen/spgen/generated/schemas/feeds/listingsfeedschemav2"
	"github.com/spgen/spgen/mwsxml"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// The processing report of a feed is derived from the document uploaded
// for it, the way Amazon checks a feed before applying it:
//
//   - XML feeds (an AmazonEnvelope) get the MWS ProcessingReport, in an
//     envelope of MessageType ProcessingReport. A document that is not a
//     well-formed envelope, whose Header or MessageType breaks the schema,
//     or whose MessageType is not the one its feed type takes
//     (POST_ORDER_FULFILLMENT_DATA takes OrderFulfillment, ...) is
//     Rejected whole, with one Error for MessageID 0. Otherwise each
//     Message is decoded into the mwsxml types and checked with their
//     Validate (the XSD's facets, occurrences and choices) and against the
//     envelope's MessageType; a message that breaks any gets one Result
//     per violation, ResultCode Error, under its MessageID. Fulfillment
//     messages are then checked against the order store
//     (fulfillmentfeed.go).
//   - JSON_LISTINGS_FEED gets the listings feed processing report
//     (schemas/feeds listings-feed-processing-report-schema-v2): the feed
//     is decoded into the types generated from listings-feed-schema-v2
//     and validated; each violation inside messages/N is an ERROR issue of
//     that message's messageId, any other an issue without one.
//
// Feeds of other types (flat files) are accepted whole: their report says
// every line was processed.

// Result message codes of the XML processing reports the sandbox writes.
const (
	// XMLCodeInvalid marks a message that breaks amzn-envelope.xsd.
	XMLCodeInvalid = 5000
	// XMLCodeParse marks a document that is not a well-formed envelope.
	XMLCodeParse = 5001
)

// ListingsCodeInvalid is the issue code of a listings feed message that
// breaks listings-feed-schema-v2.
const ListingsCodeInvalid = "4000001"

// xmlMessageTypes is the MessageType each XML feed type takes.
var xmlMessageTypes = map[string]string{
	"POST_ORDER_FULFILLMENT_DATA":      "OrderFulfillment",
	"POST_ORDER_ACKNOWLEDGEMENT_DATA":  "OrderAcknowledgement",
	"POST_PAYMENT_ADJUSTMENT_DATA":     "OrderAdjustment",
	"POST_INVENTORY_AVAILABILITY_DATA": "Inventory",
	"POST_PRODUCT_PRICING_DATA":        "Price",
	"POST_PRODUCT_DATA":                "Product",
	"POST_PRODUCT_IMAGE_DATA":          "ProductImage",
	"POST_PRODUCT_RELATIONSHIP_DATA":   "Relationship",
	"POST_PRODUCT_OVERRIDES_DATA":      "Override",
}

// processed is a feed's processing outcome: its report and what the feed
// changes (in the order store) once DONE.
type processed struct {
	report []byte
	apply  []func()
}

// processingReport derives the processing report of feed feedID from its
// uploaded document; an error (a report that does not encode) makes the
// feed FATAL.
func (s *Server) processingReport(feedID, feedType, contentType string, doc []byte) (processed, error) {
	trimmed := bytes.TrimSpace(doc)
	switch {
	case feedType == "JSON_LISTINGS_FEED" || strings.Contains(contentType, "json"):
		rep, err := listingsReport(feedID, s.notify.sellerID, doc)
		return processed{report: rep}, err
	case strings.Contains(contentType, "xml") || bytes.HasPrefix(trimmed, []byte("<")):
		return xmlReport(feedID, feedType, s.notify.sellerID, doc, s.orders())
	}
	lines := int64(bytes.Count(trimmed, []byte("\n")))
	return processed{report: []byte(fmt.Sprintf("Feed Processing Summary:\n\tNumber of records processed\t\t%d\n\tNumber of records successful\t\t%d\n", lines, lines))}, nil
}

// rawEnvelope is an envelope with its head and messages kept as XML, so
// that one broken message does not hide the others.
type rawEnvelope struct {
	XMLName     xml.Name `xml:"AmazonEnvelope"`
	Header      *rawXML  `xml:"Header"`
	MessageType string   `xml:"MessageType"`
	Messages    []rawXML `xml:"Message"`
}

type rawXML struct {
	Inner []byte `xml:",innerxml"`
}

// xmlReport checks an MWS XML feed message by message; fulfillment
// messages against orders when it is not nil.
func xmlReport(feedID, feedType, sellerID string, doc []byte, orders *orderStore) (processed, error) {
	id, _ := strconv.ParseInt(feedID, 10, 64)
	pr := &mwsxml.ProcessingReport{DocumentTransactionID: mwsxml.IDNumber(id), StatusCode: mwsxml.ProcessingReportStatusCodeComplete}
	summary := &mwsxml.ProcessingReportProcessingSummary{}
	pr.ProcessingSummary = summary
	fail := func(msgID int64, code int64, desc string) {
		pr.Result = append(pr.Result, mwsxml.ProcessingReportResult{MessageID: mwsxml.ProcessingReportResultMessageID(msgID),
			ResultCode: mwsxml.ProcessingReportResultCodeError, ResultMessageCode: mwsxml.IDNumber(code), ResultDescription: desc})
	}
	merchant := sellerID
	var out processed
	var env rawEnvelope
	if err := xml.Unmarshal(doc, &env); err != nil {
		fail(0, XMLCodeParse, "XML Parsing Fatal Error: the document is not a well-formed AmazonEnvelope: "+err.Error())
	} else {
		merchant = checkHead(&env, feedType, merchant, fail)
	}
	if len(pr.Result) > 0 {
		pr.StatusCode = mwsxml.ProcessingReportStatusCodeRejected
		rep, err := writeXMLReport(merchant, pr)
		return processed{report: rep}, err
	}
	for i, raw := range env.Messages {
		summary.MessagesProcessed++
		msgID, m, errs := checkMessage(env.MessageType, wrap("Message", raw.Inner))
		if msgID == 0 {
			msgID = int64(i + 1)
		}
		for _, e := range errs {
			fail(msgID, XMLCodeInvalid, e)
		}
		if len(errs) == 0 && m.OrderFulfillment != nil && orders != nil {
			code, problem, apply := orders.fulfil(m.OrderFulfillment)
			if problem != "" {
				fail(msgID, code, problem)
				errs = append(errs, problem)
			} else {
				out.apply = append(out.apply, apply)
			}
		}
		if len(errs) > 0 {
			summary.MessagesWithError++
		} else {
			summary.MessagesSuccessful++
		}
	}
	rep, err := writeXMLReport(merchant, pr)
	out.report = rep
	return out, err
}

// checkHead checks the envelope's Header and MessageType (against the
// feed type's) and returns the merchant the report names.
func checkHead(env *rawEnvelope, feedType, merchant string, fail func(int64, int64, string)) string {
	if env.Header == nil {
		fail(0, XMLCodeParse, "AmazonEnvelope/Header: minOccurs: the envelope has no Header")
	} else {
		var h mwsxml.Header
		if err := xml.Unmarshal(wrap("Header", env.Header.Inner), &h); err != nil {
			fail(0, XMLCodeParse, "AmazonEnvelope/Header: "+err.Error())
		} else if err := h.Validate(); err != nil {
			fail(0, XMLCodeInvalid, "AmazonEnvelope/"+err.Error())
		} else {
			merchant = string(h.MerchantIdentifier)
		}
	}
	if err := mwsxml.AmazonEnvelopeMessageType(env.MessageType).Validate(); err != nil {
		fail(0, XMLCodeInvalid, "AmazonEnvelope/MessageType: "+err.Error())
	} else if want, ok := xmlMessageTypes[feedType]; ok && env.MessageType != want {
		fail(0, XMLCodeInvalid, fmt.Sprintf("AmazonEnvelope/MessageType: feed type %s takes %s messages, not %s", feedType, want, env.MessageType))
	}
	return merchant
}

// checkMessage decodes one Message and returns its MessageID (0 when it
// has none that decodes), the message and what is wrong with it.
func checkMessage(messageType string, raw []byte) (int64, *mwsxml.Message, []string) {
	var m mwsxml.Message
	if err := xml.Unmarshal(raw, &m); err != nil {
		var id struct {
			MessageID string `xml:"MessageID"`
		}
		_ = xml.Unmarshal(raw, &id) // best effort: the message is reported either way
		n, _ := strconv.ParseInt(strings.TrimSpace(id.MessageID), 10, 64)
		return n, &m, []string{"XML Parsing Error: " + err.Error()}
	}
	var errs []string
	if err := m.Validate(); err != nil {
		var ve *mwsxml.ValidationError
		if errors.As(err, &ve) {
			for _, v := range ve.Violations {
				errs = append(errs, violationText(v))
			}
		} else {
			errs = append(errs, err.Error())
		}
	}
	if c := m.Choice(); c != nil {
		if got := reflect.TypeOf(c).Elem().Name(); got != messageType {
			errs = append(errs, fmt.Sprintf("Message/%s: the envelope's MessageType is %s", got, messageType))
		}
	}
	return int64(m.MessageID), &m, errs
}

// violationText is a violation without its MessageID (the Result carries
// it), its path under Message.
func violationText(v *mwsxml.Violation) string {
	cp := *v
	cp.MessageID = ""
	cp.Path = strings.TrimPrefix("Message/"+strings.TrimPrefix(cp.Path, "/"), "/")
	return cp.Error()
}

func wrap(element string, inner []byte) []byte {
	return slices.Concat([]byte("<"+element+">"), inner, []byte("</"+element+">"))
}

// writeXMLReport puts pr in a ProcessingReport envelope.
func writeXMLReport(merchant string, pr *mwsxml.ProcessingReport) ([]byte, error) {
	env := &mwsxml.AmazonEnvelope{
		Header:      &mwsxml.Header{DocumentVersion: "1.02", MerchantIdentifier: mwsxml.String(merchant)},
		MessageType: mwsxml.AmazonEnvelopeMessageTypeProcessingReport,
		Message:     []mwsxml.Message{{MessageID: 1, ProcessingReport: pr}},
	}
	out, err := xml.MarshalIndent(env, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("processing report: %w", err)
	}
	return append([]byte(xml.Header), out...), nil
}

// messagePointer matches a violation inside a listings feed message.
var messagePointer = regexp.MustCompile(`^/messages/(\d+)(/|$)`)

// listingsReport checks a JSON listings feed against its schema.
func listingsReport(feedID, sellerID string, doc []byte) ([]byte, error) {
	var f listingsfeedschemav2.ListingsFeedSchemaV2
	var violations []actionschema.Violation
	issues := []map[string]any{}
	collect := func(err error) {
		var ve *actionschema.ValidationError
		if errors.As(err, &ve) {
			violations = append(violations, ve.Violations...)
		} else if err != nil {
			issues = append(issues, map[string]any{"code": ListingsCodeInvalid, "severity": "ERROR", "message": "the feed is not JSON: " + err.Error()})
		}
	}
	collect(json.Unmarshal(doc, &f))
	if len(issues) == 0 {
		collect(f.Validate())
	}
	if f.Header.SellerID != "" {
		sellerID = f.Header.SellerID
	}
	invalid := map[int]bool{}
	for _, v := range violations {
		is := map[string]any{"code": ListingsCodeInvalid, "severity": "ERROR", "message": v.Pointer + ": " + v.Keyword + ": " + v.Message}
		if m := messagePointer.FindStringSubmatch(v.Pointer); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(f.Messages) {
				invalid[i] = true
				is["messageId"] = f.Messages[i].MessageID
				if f.Messages[i].SKU != "" {
					is["sku"] = f.Messages[i].SKU
				}
			}
		}
		issues = append(issues, is)
	}
	report := map[string]any{
		"header": map[string]any{"sellerId": sellerID, "version": "2.0", "feedId": feedID},
		"issues": issues,
		"summary": map[string]any{
			"errors":            len(issues),
			"warnings":          0,
			"messagesProcessed": len(f.Messages),
			"messagesAccepted":  len(f.Messages) - len(invalid),
			"messagesInvalid":   len(invalid),
		},
	}
	out, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("processing report: %w", err)
	}
	return out, nil
}
