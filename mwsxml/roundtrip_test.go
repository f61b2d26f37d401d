package mwsxml

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	xsdrt "github.com/spgen/spgen/mwsxml/xsdrt"
)

// schemaDir holds Amazon's MWS schemas, read in place (../shared from the
// project root).
var schemaDir = filepath.Join("..", "..", "shared", "xsd", "mws")

// xmllint runs the real libxml2 oracle. It is a hard requirement of the
// test suite (.ci/run installs libxml2-utils), so a missing binary fails.
func xmllint(t *testing.T, args ...string) (string, error) {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatalf("xmllint (libxml2-utils) is required: %v", err)
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err = cmd.Run()
	if err != nil {
		return out.String(), &lintError{err: err, stderr: stderr.String()}
	}
	return out.String(), nil
}

type lintError struct {
	err    error
	stderr string
}

func (e *lintError) Error() string { return e.err.Error() + ": " + e.stderr }

// schemaValid validates files against amzn-envelope.xsd with one xmllint
// run (compiling the 94 schemas takes most of its time) and returns the
// files that do not validate, with xmllint's messages.
func schemaValid(t *testing.T, files ...string) map[string]string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatalf("xmllint (libxml2-utils) is required: %v", err)
	}
	args := append([]string{"--noout", "--schema", filepath.Join(schemaDir, "amzn-envelope.xsd")}, files...)
	var stderr bytes.Buffer
	cmd := exec.Command(path, args...)
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	failed := map[string]string{}
	for _, line := range strings.Split(stderr.String(), "\n") {
		for _, f := range files {
			if strings.HasPrefix(line, f+":") || line == f+" fails to validate" {
				failed[f] += line + "\n"
			}
		}
	}
	for _, f := range files {
		if !strings.Contains(stderr.String(), f+" validates") && failed[f] == "" {
			failed[f] = "no verdict from xmllint"
		}
	}
	if runErr != nil && len(failed) == 0 {
		t.Fatalf("xmllint: %v: %s", runErr, stderr.String())
	}
	return failed
}

// canonical returns the canonical XML (C14N 1.0) of file with
// whitespace-only text nodes removed.
func canonical(t *testing.T, file string) string {
	t.Helper()
	out, err := xmllint(t, "--noblanks", "--c14n", file)
	if err != nil {
		t.Fatalf("c14n %s: %v", file, err)
	}
	return out
}

// writeTemp writes data to a new file in a test temporary directory.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// xsiAttrs are the schema-location attributes of the samples' root.
// encoding/xml cannot write the xsi prefix back (it invents its own), so
// the xml.Marshal round trip compares without them; EnvelopeWriter writes
// them itself and is compared with them.
const xsiAttrs = ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd"`

func sampleFeeds(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "feeds", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample feeds: %v", err)
	}
	return files
}

// TestRoundTripSamples checks every project-written sample feed against the
// real oracle: it validates with xmllint, parses into the generated types,
// validates with Validate, is written back both through EnvelopeWriter and
// xml.Marshal, the outputs validate with xmllint again, and their canonical
// XML equals the input's (no data lost).
func TestRoundTripSamples(t *testing.T) {
	type outputs struct{ in, noXSI, writer, marshal string }
	kinds := map[string]bool{}
	dir := t.TempDir()
	var all []string
	cases := map[string]*outputs{}
	files := sampleFeeds(t)
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), ".xml")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var env AmazonEnvelope
		if err := xml.Unmarshal(data, &env); err != nil {
			t.Fatalf("%s: unmarshal: %v", file, err)
		}
		if err := env.Validate(); err != nil {
			t.Fatalf("%s: Validate: %v", file, err)
		}
		if len(env.Message) == 0 || env.Message[0].Choice() == nil {
			t.Fatalf("%s: no message body parsed", file)
		}
		kinds[string(env.MessageType)] = true
		o := &outputs{in: file}

		// Through EnvelopeWriter (streaming, fast path).
		head := env
		head.Message = nil
		var buf bytes.Buffer
		w, err := NewEnvelopeWriter(&buf, &head)
		if err != nil {
			t.Fatal(err)
		}
		for i := range env.Message {
			m := env.Message[i]
			id, err := w.Write(&m)
			if err != nil {
				t.Fatalf("%s: Write message %d: %v", file, i+1, err)
			}
			if int64(env.Message[i].MessageID) != id {
				t.Fatalf("%s: MessageID %d assigned, sample has %d", file, id, env.Message[i].MessageID)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		o.writer = filepath.Join(dir, base+".writer.xml")

		// Through xml.Marshal.
		mb, err := xml.Marshal(&env)
		if err != nil {
			t.Fatal(err)
		}
		o.marshal = filepath.Join(dir, base+".marshal.xml")
		o.noXSI = filepath.Join(dir, base+".input-noxsi.xml")
		for p, b := range map[string][]byte{
			o.writer:  buf.Bytes(),
			o.marshal: append([]byte(xml.Header), mb...),
			o.noXSI:   bytes.Replace(data, []byte(xsiAttrs), nil, 1),
		} {
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}

		// The fast path writes exactly what encoding/xml writes.
		var xw xsdrt.Writer
		env.XSDWrite(&xw, "", "AmazonEnvelope")
		if xw.Err() != nil {
			t.Fatal(xw.Err())
		}
		if !bytes.Equal(xw.Bytes(), mb) {
			t.Errorf("%s: fast path differs from xml.Marshal:\nfast: %s\nstd:  %s", file, xw.Bytes(), mb)
		}
		cases[file] = o
		all = append(all, o.in, o.writer, o.marshal)
	}
	failed := schemaValid(t, all...)
	for _, file := range files {
		o := cases[file]
		for _, p := range []string{o.in, o.writer, o.marshal} {
			if msg, bad := failed[p]; bad {
				t.Errorf("%s does not validate with xmllint --schema amzn-envelope.xsd:\n%s", p, msg)
			}
		}
		if got, want := canonical(t, o.writer), canonical(t, o.in); got != want {
			t.Errorf("%s: EnvelopeWriter output differs from the input:\n got: %s\nwant: %s", file, got, want)
		}
		if got, want := canonical(t, o.marshal), canonical(t, o.noXSI); got != want {
			t.Errorf("%s: xml.Marshal output differs from the input:\n got: %s\nwant: %s", file, got, want)
		}
	}
	for _, k := range []string{"OrderFulfillment", "OrderAcknowledgement", "OrderAdjustment", "Inventory", "Price", "Product", "ProcessingReport"} {
		if !kinds[k] {
			t.Errorf("no sample feed of message type %s", k)
		}
	}
}

// TestRoundTripCatchesLoss makes sure the comparison above can fail: a
// sample with an element the types do not know loses it on the way.
func TestRoundTripCatchesLoss(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "feeds", "inventory.xml"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(data), "<Quantity>42</Quantity>", "<Quantity>42</Quantity><Bogus>1</Bogus>", 1)
	var env AmazonEnvelope
	if err := xml.Unmarshal([]byte(changed), &env); err != nil {
		t.Fatal(err)
	}
	mb, err := xml.Marshal(&env)
	if err != nil {
		t.Fatal(err)
	}
	in := writeTemp(t, "in.xml", bytes.Replace([]byte(changed), []byte(xsiAttrs), nil, 1))
	out := writeTemp(t, "out.xml", mb)
	if canonical(t, in) == canonical(t, out) {
		t.Fatal("canonical comparison did not notice a dropped element")
	}
}
