package mwsxml

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadReport(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "feeds", "processing_report.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := ReadReport(f)
	if err != nil {
		t.Fatal(err)
	}
	if rep.DocumentTransactionID != 50012345678 || rep.StatusCode != ProcessingReportStatusCodeComplete {
		t.Errorf("report = %+v", rep.ProcessingReport)
	}
	if p, s, e, w := rep.Counts(); p != 3 || s != 1 || e != 1 || w != 1 {
		t.Errorf("counts = %d %d %d %d", p, s, e, w)
	}
	if len(rep.Messages) != 2 {
		t.Fatalf("messages = %+v", rep.Messages)
	}
	m2, ok := rep.Result(2)
	if !ok || len(m2.Errors) != 1 || len(m2.Warnings) != 0 || m2.Errors[0].ResultMessageCode != 18028 {
		t.Errorf("MessageID 2 = %+v", m2)
	}
	if got := string(*m2.Errors[0].AdditionalInfo.AmazonOrderID); got != "112-3456789-0123457" {
		t.Errorf("AdditionalInfo = %q", got)
	}
	m3, ok := rep.Result(3)
	if !ok || len(m3.Warnings) != 1 || len(m3.Errors) != 0 {
		t.Errorf("MessageID 3 = %+v", m3)
	}
	if _, ok := rep.Result(1); ok {
		t.Error("MessageID 1 (successful) has a result")
	}
	var ids []int64
	for id := range rep.Results() {
		ids = append(ids, id)
	}
	if len(ids) != 2 || ids[0] != 2 || ids[1] != 3 {
		t.Errorf("Results order %v", ids)
	}
	var fe *FeedError
	if err := rep.Err(); !errors.As(err, &fe) || len(fe.Failed) != 1 || fe.Failed[0].MessageID != 2 ||
		!strings.Contains(err.Error(), "MessageID 2: 18028 The data you submitted") {
		t.Errorf("Err = %v", rep.Err())
	}
}

func TestReadReportForms(t *testing.T) {
	bare := `<?xml version="1.0" encoding="iso-8859-1"?>
<ProcessingReport><DocumentTransactionID>7</DocumentTransactionID><StatusCode>Complete</StatusCode>
<ProcessingSummary><MessagesProcessed>1</MessagesProcessed><MessagesSuccessful>1</MessagesSuccessful><MessagesWithError>0</MessagesWithError><MessagesWithWarning>1</MessagesWithWarning></ProcessingSummary>
<Result><MessageID>1</MessageID><ResultCode>Warning</ResultCode><ResultMessageCode>5</ResultMessageCode><ResultDescription>Gr` + "\xfc" + `n</ResultDescription></Result>
</ProcessingReport>`
	rep, err := ReadReport(strings.NewReader(bare))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Err() != nil {
		t.Errorf("warnings only, Err = %v", rep.Err())
	}
	if m, _ := rep.Result(1); len(m.Warnings) != 1 || m.Warnings[0].ResultDescription != "Grün" {
		t.Errorf("Latin-1 result = %+v", m)
	}
	rejected := `<ProcessingReport><DocumentTransactionID>8</DocumentTransactionID><StatusCode>Rejected</StatusCode></ProcessingReport>`
	rep, err = ReadReport(strings.NewReader(rejected))
	if err != nil {
		t.Fatal(err)
	}
	// Defect: a rejected feed's error read only "mwsxml: feed Rejected".
	if err := rep.Err(); err == nil || !strings.Contains(err.Error(), "Rejected (document transaction 8)") || !strings.Contains(err.Error(), "rejected the document as a whole") {
		t.Errorf("rejected feed Err = %v", err)
	}
	for name, doc := range map[string]string{
		"empty":        "",
		"other root":   "<Inventory/>",
		"no report":    `<AmazonEnvelope><MessageType>Inventory</MessageType><Message><MessageID>1</MessageID><Inventory><SKU>a</SKU><Quantity>1</Quantity></Inventory></Message></AmazonEnvelope>`,
		"malformed":    "<ProcessingReport><StatusCode>",
		"bad charset":  `<?xml version="1.0" encoding="EBCDIC"?><ProcessingReport/>`,
		"bad quantity": `<ProcessingReport><DocumentTransactionID>x</DocumentTransactionID></ProcessingReport>`,
	} {
		if _, err := ReadReport(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
