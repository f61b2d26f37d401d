package mwsxml

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"
)

func fulfillment(order string) *OrderFulfillment {
	return &OrderFulfillment{
		AmazonOrderID:   Ptr(AmazonOrderID(order)),
		FulfillmentDate: NewDateTime(time.Date(2024, 3, 5, 14, 30, 0, 0, time.UTC)),
	}
}

func TestEnvelopeWriter(t *testing.T) {
	var out bytes.Buffer
	head := sampleHead()
	head.PurgeAndReplace = Ptr(false)
	w, err := NewEnvelopeWriter(&out, head, WithFirstMessageID(5))
	if err != nil {
		t.Fatal(err)
	}
	for i, order := range []string{"112-0000001-0000001", "112-0000001-0000002", "112-0000001-0000003"} {
		m := Message{OperationType: Ptr(AmazonEnvelopeMessageOperationTypeUpdate)}
		m.SetChoice(fulfillment(order))
		id, err := w.Write(&m)
		if err != nil {
			t.Fatal(err)
		}
		if id != int64(5+i) || int64(m.MessageID) != id {
			t.Errorf("message %d got MessageID %d", i, id)
		}
	}
	// An invalid message is refused and does not use up a MessageID.
	if _, err := w.WriteBody(fulfillment("nope")); err == nil {
		t.Error("invalid message written")
	}
	if id, err := w.WriteBody(fulfillment("112-0000001-0000004")); err != nil || id != 8 {
		t.Errorf("WriteBody = %d, %v", id, err)
	}
	if w.ContentMD5() != "" {
		t.Error("ContentMD5 before Close")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(out.Bytes())
	if got, want := w.ContentMD5(), base64.StdEncoding.EncodeToString(sum[:]); got != want {
		t.Errorf("ContentMD5 %s, MD5 of the output %s", got, want)
	}
	if w.Size() != int64(out.Len()) || w.Messages() != 4 {
		t.Errorf("Size %d (wrote %d), Messages %d", w.Size(), out.Len(), w.Messages())
	}
	if !strings.HasPrefix(out.String(), `<?xml version="1.0" encoding="UTF-8"?>`+"\n<AmazonEnvelope ") {
		t.Errorf("declaration: %.80s", out.String())
	}
	var env AmazonEnvelope
	if err := xml.Unmarshal(out.Bytes(), &env); err != nil {
		t.Fatal(err)
	}
	if len(env.Message) != 4 || env.Message[3].MessageID != 8 || env.PurgeAndReplace == nil || *env.PurgeAndReplace {
		t.Errorf("read back %+v", env)
	}
	if err := env.Validate(); err != nil {
		t.Error(err)
	}
	if _, err := w.WriteBody(fulfillment("112-0000001-0000005")); err == nil {
		t.Error("Write after Close succeeded")
	}
}

func TestEnvelopeWriterErrors(t *testing.T) {
	if _, err := NewEnvelopeWriter(discard{}, nil); err == nil {
		t.Error("nil head accepted")
	}
	withMsg := sampleHead()
	withMsg.Message = []Message{{}}
	if _, err := NewEnvelopeWriter(discard{}, withMsg); err == nil {
		t.Error("head with messages accepted")
	}
	bad := sampleHead()
	bad.Header.DocumentVersion = "one"
	var ve *ValidationError
	if _, err := NewEnvelopeWriter(discard{}, bad); !errors.As(err, &ve) || ve.Violations[0].Path != "AmazonEnvelope/Header/DocumentVersion" {
		t.Errorf("invalid head: %v", err)
	}
	w, err := NewEnvelopeWriter(discard{}, sampleHead())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err == nil {
		t.Error("Close without messages succeeded")
	}

	// A failing destination ends the feed with its error.
	boom := errors.New("disk full")
	w, err = NewEnvelopeWriter(failingWriter{boom}, sampleHead())
	if err != nil {
		t.Fatal(err)
	}
	big := fulfillment("112-0000001-0000001")
	big.FulfillmentData = &OrderFulfillmentData{CarrierName: Ptr(String(strings.Repeat("x", 50)))}
	var werr error
	for i := 0; i < 10000 && werr == nil; i++ {
		_, werr = w.WriteBody(big)
	}
	if !errors.Is(werr, boom) {
		t.Fatalf("Write error = %v", werr)
	}
	if _, err := w.WriteBody(big); !errors.Is(err, boom) {
		t.Errorf("error not sticky: %v", err)
	}
	if err := w.Close(); !errors.Is(err, boom) || w.ContentMD5() != "" {
		t.Errorf("Close = %v, md5 %q", err, w.ContentMD5())
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }
