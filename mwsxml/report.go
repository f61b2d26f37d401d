package mwsxml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
)

// Report is a feed processing report: the typed ProcessingReport Amazon
// returns once a feed was processed, plus its results grouped by the
// MessageID of the feed message they are about.
type Report struct {
	// ProcessingReport is the report as Amazon wrote it.
	*ProcessingReport
	// Messages are the per-message results, sorted by MessageID. Messages
	// without errors or warnings do not appear (the report lists only
	// those).
	Messages []MessageResult
}

// MessageResult is what the report says about one feed message.
type MessageResult struct {
	MessageID int64
	Errors    []ProcessingReportResult
	Warnings  []ProcessingReportResult
}

// ReadReport reads a processing report: an AmazonEnvelope whose message
// holds a ProcessingReport (the usual form), or a bare ProcessingReport
// element.
func ReadReport(r io.Reader) (*Report, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = charsetReader
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("mwsxml: processing report: empty document")
			}
			return nil, fmt.Errorf("mwsxml: processing report: %w", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var pr *ProcessingReport
		switch start.Name.Local {
		case "AmazonEnvelope":
			var env AmazonEnvelope
			if err := d.DecodeElement(&env, &start); err != nil {
				return nil, fmt.Errorf("mwsxml: processing report: %w", err)
			}
			for i := range env.Message {
				if p := env.Message[i].ProcessingReport; p != nil {
					if pr != nil {
						return nil, errors.New("mwsxml: processing report: the envelope holds more than one ProcessingReport")
					}
					pr = p
				}
			}
			if pr == nil {
				return nil, fmt.Errorf("mwsxml: processing report: the envelope (MessageType %s) holds no ProcessingReport", env.MessageType)
			}
		case "ProcessingReport":
			pr = new(ProcessingReport)
			if err := d.DecodeElement(pr, &start); err != nil {
				return nil, fmt.Errorf("mwsxml: processing report: %w", err)
			}
		default:
			return nil, fmt.Errorf("mwsxml: processing report: unexpected root element <%s>", start.Name.Local)
		}
		return NewReport(pr), nil
	}
}

// charsetReader accepts the Latin-1 declaration older feeds and reports
// carry (encoding="iso-8859-1"); anything else but UTF-8 is refused.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		return &latin1Reader{r: input}, nil
	}
	return nil, fmt.Errorf("unsupported charset %q", charset)
}

// latin1Reader decodes ISO-8859-1 into UTF-8.
type latin1Reader struct {
	r   io.Reader
	buf []byte
	out []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	for len(l.out) == 0 {
		if cap(l.buf) == 0 {
			l.buf = make([]byte, 4096)
		}
		n, err := l.r.Read(l.buf[:cap(l.buf)])
		for _, b := range l.buf[:n] {
			if b < 0x80 {
				l.out = append(l.out, b)
			} else {
				l.out = append(l.out, 0xC0|b>>6, 0x80|b&0x3F)
			}
		}
		if n == 0 && err != nil {
			return 0, err
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}

// NewReport groups the results of pr by MessageID.
func NewReport(pr *ProcessingReport) *Report {
	rep := &Report{ProcessingReport: pr}
	byID := map[int64]*MessageResult{}
	for _, res := range pr.Result {
		id := int64(res.MessageID)
		m := byID[id]
		if m == nil {
			m = &MessageResult{MessageID: id}
			byID[id] = m
		}
		if res.ResultCode == ProcessingReportResultCodeError {
			m.Errors = append(m.Errors, res)
		} else {
			m.Warnings = append(m.Warnings, res)
		}
	}
	for _, m := range byID {
		rep.Messages = append(rep.Messages, *m)
	}
	slices.SortFunc(rep.Messages, func(a, b MessageResult) int {
		switch {
		case a.MessageID < b.MessageID:
			return -1
		case a.MessageID > b.MessageID:
			return 1
		}
		return 0
	})
	return rep
}

// Result returns what the report says about message id; ok is false when
// the report lists nothing for it (the message succeeded without warning,
// if the report is complete).
func (r *Report) Result(id int64) (res MessageResult, ok bool) {
	i, found := slices.BinarySearchFunc(r.Messages, id, func(m MessageResult, id int64) int {
		switch {
		case m.MessageID < id:
			return -1
		case m.MessageID > id:
			return 1
		}
		return 0
	})
	if !found {
		return MessageResult{}, false
	}
	return r.Messages[i], true
}

// Results iterates over the per-message results in MessageID order.
func (r *Report) Results() iter.Seq2[int64, MessageResult] {
	return func(yield func(int64, MessageResult) bool) {
		for _, m := range r.Messages {
			if !yield(m.MessageID, m) {
				return
			}
		}
	}
}

// Counts returns the summary counts (zero when the report has no
// ProcessingSummary).
func (r *Report) Counts() (processed, successful, withError, withWarning int64) {
	if s := r.ProcessingSummary; s != nil {
		return s.MessagesProcessed, s.MessagesSuccessful, s.MessagesWithError, s.MessagesWithWarning
	}
	return 0, 0, 0, 0
}

// FeedError is returned by Report.Err: the feed was rejected or some of
// its messages failed.
type FeedError struct {
	Status ProcessingReportStatusCode
	// DocumentTransactionID is the report's (the feed's) transaction ID.
	DocumentTransactionID string
	// Processed, Successful and WithError are the report's summary counts.
	Processed, Successful, WithError int64
	// Failed are the messages with errors, in MessageID order.
	Failed []MessageResult
}

func (e *FeedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mwsxml: feed %s (document transaction %s): %d message(s) processed, %d successful, %d with errors",
		e.Status, e.DocumentTransactionID, e.Processed, e.Successful, e.WithError)
	if len(e.Failed) == 0 && e.Status == ProcessingReportStatusCodeRejected {
		b.WriteString("; the report names no message: Amazon rejected the document as a whole (check it against amzn-envelope.xsd, e.g. with xmllint --schema)")
	}
	if len(e.Failed) > 0 {
		fmt.Fprintf(&b, ", %d message(s) failed", len(e.Failed))
		for i, m := range e.Failed {
			if i == 5 {
				b.WriteString("; ...")
				break
			}
			first := m.Errors[0]
			fmt.Fprintf(&b, "; MessageID %d: %d %s", m.MessageID, first.ResultMessageCode, first.ResultDescription)
		}
	}
	return b.String()
}

// Err returns a *FeedError when the report says the feed was rejected or a
// message failed, nil otherwise (warnings are not errors).
func (r *Report) Err() error {
	var failed []MessageResult
	for _, m := range r.Messages {
		if len(m.Errors) > 0 {
			failed = append(failed, m)
		}
	}
	if len(failed) == 0 && r.StatusCode != ProcessingReportStatusCodeRejected {
		return nil
	}
	processed, successful, withError, _ := r.Counts()
	return &FeedError{Status: r.StatusCode, DocumentTransactionID: fmt.Sprint(r.DocumentTransactionID), Failed: failed,
		Processed: processed, Successful: successful, WithError: withError}
}
