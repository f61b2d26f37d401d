package mwsxml

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"

	xsdrt "github.com/spgen/spgen/mwsxml/xsdrt"
)

// Message is one message of a feed envelope: a MessageID, an optional
// OperationType and exactly one body (OrderFulfillment, Inventory, Price,
// ...). Set the body with SetChoice or directly through its field.
type Message = AmazonEnvelopeMessage

// MessageBody is implemented by every message body type: *OrderFulfillment,
// *OrderAcknowledgement, *OrderAdjustment, *Inventory, *Price, *Product,
// *ProcessingReport, ...
type MessageBody = AmazonEnvelopeMessageChoice

// xmlDeclaration starts every feed.
const xmlDeclaration = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// schemaLocationAttrs are written on the root element, as Amazon's own
// feed examples do.
const schemaLocationAttrs = ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd"`

// EnvelopeWriter streams a feed: the envelope head (Header, MessageType,
// ...) once, then messages one at a time, each given the next MessageID.
// Memory use does not grow with the number of messages: each message is
// written into a reused buffer, then through a fixed-size bufio.Writer to
// the destination and to the MD5 hash behind ContentMD5.
//
// Text is checked while it is written: a character XML cannot carry fails
// Write with an *InvalidCharError (encoding/xml would silently replace it).
// By default every message is validated against the schema first; an
// invalid message fails Write with a *ValidationError naming its
// MessageID, and nothing of it is written.
//
// An EnvelopeWriter is not safe for concurrent use.
type EnvelopeWriter struct {
	dst      *bufio.Writer
	hash     hash.Hash
	xw       xsdrt.Writer
	tail     []byte // "</AmazonEnvelope>"
	nextID   int64
	count    int64 // messages written
	written  int64 // bytes
	validate bool
	err      error // sticky I/O error
	closed   bool
	md5      string
}

// WriterOption configures an EnvelopeWriter.
type WriterOption func(*EnvelopeWriter)

// WithValidation turns schema validation of every message on (the
// default) or off.
func WithValidation(on bool) WriterOption { return func(w *EnvelopeWriter) { w.validate = on } }

// WithFirstMessageID makes the first message's MessageID id (default 1).
func WithFirstMessageID(id int64) WriterOption { return func(w *EnvelopeWriter) { w.nextID = id } }

// bufSize is the size of the output buffer.
const bufSize = 64 << 10

// NewEnvelopeWriter starts a feed on dst. head supplies everything but the
// messages: Header, MessageType and the optional MarketplaceName,
// PurgeAndReplace and EffectiveDate; head.Message must be empty. The XML
// declaration and head are written (buffered) at once.
func NewEnvelopeWriter(dst io.Writer, head *AmazonEnvelope, opts ...WriterOption) (*EnvelopeWriter, error) {
	if head == nil {
		return nil, errors.New("mwsxml: NewEnvelopeWriter: nil envelope head")
	}
	if len(head.Message) > 0 {
		return nil, errors.New("mwsxml: NewEnvelopeWriter: the envelope head must not hold messages; write them with Write")
	}
	w := &EnvelopeWriter{hash: md5.New(), nextID: 1, validate: true}
	for _, o := range opts {
		o(w)
	}
	if w.nextID < 1 {
		return nil, fmt.Errorf("mwsxml: NewEnvelopeWriter: first MessageID %d is not positive", w.nextID)
	}
	if w.validate {
		if err := validateHead(head); err != nil {
			return nil, err
		}
	}
	w.dst = bufio.NewWriterSize(io.MultiWriter(dst, w.hash), bufSize)
	// The head is the envelope without messages: Message is the last
	// particle of its sequence, so everything before the end tag is the
	// head and the end tag is the tail.
	w.xw.Reset()
	head.XSDWrite(&w.xw, "", "AmazonEnvelope")
	if err := w.xw.Err(); err != nil {
		return nil, err
	}
	b := w.xw.Bytes()
	end := []byte("</AmazonEnvelope>")
	if !bytes.HasSuffix(b, end) || !bytes.HasPrefix(b, []byte("<AmazonEnvelope>")) {
		return nil, errors.New("mwsxml: NewEnvelopeWriter: unexpected envelope encoding")
	}
	w.tail = end
	w.put([]byte(xmlDeclaration))
	w.put([]byte("<AmazonEnvelope"))
	w.put([]byte(schemaLocationAttrs))
	w.put(b[len("<AmazonEnvelope") : len(b)-len(end)])
	w.put([]byte("\n"))
	if w.err != nil {
		return nil, w.err
	}
	return w, nil
}

// validateHead validates the envelope head; the missing messages are not
// a violation (they are streamed).
func validateHead(head *AmazonEnvelope) error {
	v := xsdrt.NewValidator("AmazonEnvelope")
	head.XSDValidate(v)
	var ve *ValidationError
	if err := v.Err(); !errors.As(err, &ve) {
		return err
	}
	var kept []*Violation
	for _, f := range ve.Violations {
		if f.Path == "AmazonEnvelope/Message" && f.Facet == "minOccurs" {
			continue
		}
		kept = append(kept, f)
	}
	if len(kept) == 0 {
		return nil
	}
	return &ValidationError{Violations: kept}
}

func (w *EnvelopeWriter) put(b []byte) {
	if w.err != nil {
		return
	}
	n, err := w.dst.Write(b)
	w.written += int64(n)
	if err != nil {
		w.err = err
	}
}

// Write assigns m the next MessageID, validates it (unless disabled) and
// writes it. It returns the MessageID given. On a validation or character
// error nothing is written and the MessageID is not used up; an I/O error
// ends the feed.
func (w *EnvelopeWriter) Write(m *Message) (int64, error) {
	switch {
	case w.closed:
		return 0, errors.New("mwsxml: EnvelopeWriter: Write after Close")
	case w.err != nil:
		return 0, w.err
	case m == nil:
		return 0, errors.New("mwsxml: EnvelopeWriter: nil message")
	}
	id := w.nextID
	m.MessageID = IDNumber(id)
	if w.validate {
		v := xsdrt.NewValidator("Message")
		m.XSDValidate(v)
		if err := v.Err(); err != nil {
			return 0, err
		}
	}
	w.xw.Reset()
	m.XSDWrite(&w.xw, "", "Message")
	if err := w.xw.Err(); err != nil {
		return 0, err
	}
	w.xw.AppendNewline()
	w.put(w.xw.Bytes())
	if w.err != nil {
		return 0, w.err
	}
	w.nextID++
	w.count++
	return id, nil
}

// WriteBody writes a message holding body (and no OperationType); see Write.
func (w *EnvelopeWriter) WriteBody(body MessageBody) (int64, error) {
	var m Message
	m.SetChoice(body)
	return w.Write(&m)
}

// Messages returns how many messages were written.
func (w *EnvelopeWriter) Messages() int64 { return w.count }

// Close writes the end of the envelope and flushes. It fails if no message
// was written (an envelope needs at least one). Close does not close the
// destination.
func (w *EnvelopeWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err == nil && w.count == 0 {
		w.err = errors.New("mwsxml: EnvelopeWriter: no message written (an envelope needs at least one)")
		return w.err
	}
	w.put(w.tail)
	w.put([]byte("\n"))
	if w.err == nil {
		w.err = w.dst.Flush()
	}
	if w.err == nil {
		w.md5 = base64.StdEncoding.EncodeToString(w.hash.Sum(nil))
	}
	return w.err
}

// ContentMD5 returns the base64 of the MD5 digest of everything written,
// the value of the Content-MD5 header of the feed upload. It is "" until
// Close succeeded.
func (w *EnvelopeWriter) ContentMD5() string { return w.md5 }

// Size returns the number of bytes written so far (buffered ones included).
func (w *EnvelopeWriter) Size() int64 { return w.written }
