package messaginggen_test

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/spgen/spgen/generated/schemas"
	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/messaginggen"
	"github.com/spgen/spgen/internal/messaginggen/kitchensink07"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

var schemasDir = filepath.Join("..", "..", "..", "shared", "models", "schemas")

var kitchenSink07Dir = filepath.Join("testdata", "schemas07")

// TestSchemasGolden regenerates generated/schemas (and the draft-07 kitchen
// sink) in memory and requires it to be byte-identical to the committed
// tree (-update rewrites it).
func TestSchemasGolden(t *testing.T) {
	for _, g := range []struct{ in, importPath, dir string }{
		{schemasDir, "github.com/spgen/spgen/generated/schemas", filepath.Join("..", "..", "generated", "schemas")},
		{kitchenSink07Dir, "github.com/spgen/spgen/internal/messaginggen/kitchensink07", "kitchensink07"},
	} {
		schemasGolden(t, messaginggen.SchemasConfig{In: g.in, ImportPath: g.importPath}, g.dir)
	}
}

func schemasGolden(t *testing.T, cfg messaginggen.SchemasConfig, dir string) {
	files, err := messaginggen.GenerateSchemas(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := emit.WriteDir(dir, files); err != nil {
			t.Fatal(err)
		}
	}
	if ok, diff := emit.Equal(dir, files); !ok {
		t.Fatalf("%s is stale (%s); run go test ./internal/messaginggen -run TestSchemasGolden -update", dir, diff)
	}
	again, err := messaginggen.GenerateSchemas(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if string(again[name]) != string(b) {
			t.Fatalf("%s differs between two runs", name)
		}
	}
}

// docSubject is one generated document type with its oracle and the
// instances its schema file ships ("examples", and the listings feed's
// .example.json files).
type docSubject struct {
	path     string
	oracle   *actionschema.Compiled
	new      func() actionschema.Document
	examples [][]byte
}

func docSubjects(t testing.TB) []docSubject {
	t.Helper()
	out := subjectsOf(t, schemasDir, schemas.Entries())
	if len(out) != 48 {
		t.Fatalf("%d generated document types, want the 48 schema files", len(out))
	}
	return append(out, subjectsOf(t, kitchenSink07Dir, kitchensink07.Entries())...)
}

// docEntry is what both generated indexes hold per schema.
type docEntry = struct {
	Path    string
	Package string
	New     func() actionschema.Document
}

func subjectsOf[E ~struct {
	Path    string
	Package string
	New     func() actionschema.Document
}](t testing.TB, dir string, entries []E) []docSubject {
	var out []docSubject
	for _, en := range entries {
		e := docEntry(en)
		file := filepath.Join(dir, filepath.FromSlash(e.Path)+".json")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := actionschema.DecodeInstance(data)
		if err != nil {
			t.Fatal(err)
		}
		norm, _ := actionschema.NormalizeDocument(doc)
		c, err := actionschema.CompileDocument(filepath.Base(e.Path), norm)
		if err != nil {
			t.Fatal(err)
		}
		s := docSubject{path: e.Path, oracle: c, new: e.New}
		if m, ok := doc.(map[string]any); ok {
			ex, _ := m["examples"].([]any)
			for _, x := range ex {
				b, _ := json.Marshal(x)
				s.examples = append(s.examples, b)
			}
		}
		if b, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".example.json"); err == nil {
			s.examples = append(s.examples, b)
		}
		out = append(out, s)
	}
	return out
}

// compareDoc runs one instance through the generated type and the oracle.
// Outside oneOf/anyOf the sets of (pointer, keyword) must be equal; at a
// pointer where the generated code reports oneOf/anyOf (it names the
// combinator, jsonschema/v5 the failures inside the alternatives), both
// sides' pairs at and below it are set aside once the oracle is seen to
// fail there too.
func (s docSubject) compareDoc(data []byte) (outcome, error) {
	want, skip, err := oracleVerdict(s.oracle, data)
	if skip != 0 || err != nil {
		return skip, err
	}
	v := s.new()
	decErr := json.Unmarshal(data, v)
	if decErr != nil {
		return decodeAgrees(decErr, want)
	}
	got, err := pairs(v.Validate())
	if err != nil {
		return 0, err
	}
	var combos []string
	for p := range got {
		if p.kw == "oneOf" || p.kw == "anyOf" {
			combos = append(combos, p.ptr)
		}
	}
	sort.Strings(combos)
	for _, c := range combos {
		under := func(ptr string) bool { return ptr == c || strings.HasPrefix(ptr, c+"/") }
		oracleFails := false
		for q := range want {
			if under(q.ptr) {
				oracleFails = true
				delete(want, q)
			}
		}
		if !oracleFails {
			return 0, errors.New("Validate reports a combinator failure at " + c + ", the oracle nothing there")
		}
		for q := range got {
			if under(q.ptr) {
				delete(got, q)
			}
		}
	}
	if sortedPairs(got) != sortedPairs(want) {
		return 0, errors.New("Validate reports " + sortedPairs(got) + ", oracle " + sortedPairs(want))
	}
	// Lossless: the re-encoded document is the same JSON value.
	out, err := json.Marshal(v)
	if err != nil {
		return 0, err
	}
	var a, b any
	_ = json.Unmarshal(data, &a)
	if err := json.Unmarshal(out, &b); err != nil {
		return 0, err
	}
	if !reflect.DeepEqual(a, b) {
		return 0, errors.New("re-encoding loses or changes members: " + truncate(out))
	}
	if len(want) == 0 {
		return agreeValid, nil
	}
	return agreeInvalid, nil
}

// amazonInvalidExamples are the shipped examples that fail their own
// schema (Amazon's mistakes, checked here so a change is noticed): the
// generated code must find exactly what the oracle finds.
var amazonInvalidExamples = map[string]string{
	"notifications/ListingsItemStatusChangeNotification#0": `NotificationType "LISTINGS_ITEM_STATUS_CHANGE", the enum says "LISTINGS_ITEM_STATUS_CHANGED"`,
	"reports/accountHealthReport-2020-11-18#0":             "performanceMetrics[0] lacks five required members",
	"reports/sellerSalesAndTrafficReport#0":                "salesAndTrafficByDate[3].trafficByDate lacks browserPageViews",
}

// TestDocumentExamples: every shipped example of every schema decodes into
// the generated type, re-encodes to the same JSON value, and the generated
// Validate agrees with jsonschema/v5 (valid, or the same violations).
func TestDocumentExamples(t *testing.T) {
	n := 0
	for _, s := range docSubjects(t) {
		for i, ex := range s.examples {
			key := s.path + "#" + string(rune('0'+i))
			o, err := s.compareDoc(ex)
			if err != nil {
				t.Errorf("%s: %v", key, err)
				continue
			}
			n++
			_, known := amazonInvalidExamples[key]
			switch {
			case o == agreeValid && known:
				t.Errorf("%s: listed as invalid (%s) but valid", key, amazonInvalidExamples[key])
			case o == agreeInvalid && !known:
				t.Errorf("%s: example is invalid on both sides", key)
			case o != agreeValid && o != agreeInvalid:
				t.Errorf("%s: outcome %d", key, o)
			}
		}
	}
	t.Logf("%d examples: 0 disagreements, %d invalid as Amazon ships them", n, len(amazonInvalidExamples))
}

// docMutations returns, for each subject, its examples and single-point
// mutations of them: every sample value (and removal) at positions spread
// evenly over each example, about limit documents per example.
func docMutations(t testing.TB, s docSubject, limit int) [][]byte {
	smp := samples()
	var vals []any
	for _, x := range smp {
		v, err := actionschema.DecodeInstance([]byte(x))
		if err != nil {
			t.Fatal(err)
		}
		vals = append(vals, v)
	}
	var out [][]byte
	for _, ex := range s.examples {
		doc, err := actionschema.DecodeInstance(ex)
		if err != nil {
			t.Fatal(err)
		}
		type position struct {
			get func() any
			set func(any)
			del func()
		}
		var positions []position
		var collect func(get func() any, set func(any), del func())
		collect = func(get func() any, set func(any), del func()) {
			positions = append(positions, position{get, set, del})
			switch o := get().(type) {
			case map[string]any:
				for _, k := range slices.Sorted(maps.Keys(o)) {
					collect(func() any { return o[k] }, func(v any) { o[k] = v }, func() { delete(o, k) })
				}
			case []any:
				for i := range o {
					collect(func() any { return o[i] }, func(v any) { o[i] = v }, nil)
				}
			}
		}
		collect(func() any { return doc }, func(v any) { doc = v }, nil)
		out = append(out, ex)
		step := max(1, len(positions)*(len(vals)+1)/limit)
		for pi := 0; pi < len(positions); pi += step {
			p := positions[pi]
			orig := p.get()
			for _, v := range vals {
				p.set(v)
				b, _ := json.Marshal(doc)
				out = append(out, b)
			}
			if p.del != nil {
				p.del()
				b, _ := json.Marshal(doc)
				out = append(out, b)
			}
			p.set(orig)
		}
	}
	return out
}

// TestDocumentDifferential runs mutated examples of every schema and the
// committed fuzz corpus through the generated types and the oracle: 0
// disagreements.
func TestDocumentDifferential(t *testing.T) {
	subs := docSubjects(t)
	corpus, err := readCorpus(filepath.Join("testdata", "fuzz", "FuzzDocumentDifferential"))
	if err != nil {
		t.Fatal(err)
	}
	var valid, invalid, total int
	for _, s := range subs {
		limit := 400
		if s.path == "kitchenSink07" {
			limit = 1 << 30 // small: every mutation at every position
		}
		docs := docMutations(t, s, limit)
		for _, d := range corpus {
			docs = append(docs, d)
		}
		for _, d := range docs {
			total++
			o, err := s.compareDoc(d)
			if err != nil {
				t.Errorf("%s: %v\n\tdocument: %s", s.path, err, truncate(d))
				if t.Failed() && total > 50 {
					t.FailNow()
				}
				continue
			}
			switch o {
			case agreeValid:
				valid++
			case agreeInvalid:
				invalid++
			}
		}
	}
	t.Logf("%d comparisons over %d schemas: %d agree valid, %d agree invalid, 0 disagreements", total, len(subs), valid, invalid)
}

// FuzzDocumentDifferential feeds arbitrary documents to every generated
// document type and the oracle; any disagreement (or a lossy re-encoding)
// fails.
func FuzzDocumentDifferential(f *testing.F) {
	subs := docSubjects(f)
	for _, s := range subs {
		for _, ex := range s.examples {
			f.Add(ex)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range subs {
			if _, err := s.compareDoc(data); err != nil {
				t.Fatalf("%s: %v\n\tdocument: %q", s.path, err, data)
			}
		}
	})
}

// lenient wraps a generated document and forgets its "enum" violations.
type lenient struct{ actionschema.Document }

func (l *lenient) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, l.Document) }
func (l *lenient) MarshalJSON() ([]byte, error) { return json.Marshal(l.Document) }
func (l *lenient) Validate() error {
	err := l.Document.Validate()
	var ve *actionschema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	var keep []actionschema.Violation
	for _, v := range ve.Violations {
		if v.Keyword != "enum" {
			keep = append(keep, v)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	return &actionschema.ValidationError{Action: ve.Action, Violations: keep}
}

// TestDocumentDifferentialDetectsDisagreement makes sure the document
// harness can fail: a validator that forgets "enum" must be caught.
func TestDocumentDifferentialDetectsDisagreement(t *testing.T) {
	caught := 0
	for _, s := range docSubjects(t) {
		inner := s.new
		s.new = func() actionschema.Document { return &lenient{inner()} }
		for _, d := range docMutations(t, s, 400) {
			if _, err := s.compareDoc(d); err != nil {
				caught++
			}
		}
	}
	if caught == 0 {
		t.Fatal("a validator without enum agrees with the oracle on every mutated example")
	}
	t.Logf("a validator without enum disagrees on %d documents", caught)
}
