package messaginggen_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spgen/spgen/generated/messagingactions"
	"github.com/spgen/spgen/internal/messaginggen"
	"github.com/spgen/spgen/internal/messaginggen/kitchensink"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// The differential test holds every generated struct against
// github.com/santhosh-tekuri/jsonschema/v5 compiled from the same normalised
// schema (the oracle). Each instance is a JSON document; the two verdicts
// are obtained like this:
//
//   - oracle: decode the document (numbers exact) and validate it;
//   - generated: json.Unmarshal into the struct (its generated UnmarshalJSON
//     reports wrong JSON types, null included, and missing required
//     properties as "type"/"required" violations), then Validate.
//
// They must agree as follows:
//
//   - the document decodes: the verdicts are equal and so are the sets of
//     (instance pointer, keyword) pairs of all violations; and re-encoding
//     the struct gives a document the oracle judges the same way;
//   - the document does not decode: it is invalid for "type" or "required";
//     the oracle must also reject it, and every violation the decoder
//     reported must be among the oracle's.
//
// Documents that are not JSON are not instances and are skipped. Documents
// holding a number the Go field types cannot hold exactly (an integral value
// outside int64, or a value float64 does not represent exactly) are counted
// as excluded, not as agreement: there the struct holds a rounded value.

type subject struct {
	name   string
	oracle *actionschema.Compiled
	// check decodes data into the struct and validates it; decErr is the
	// decoding error, valErr Validate's, out the struct re-encoded.
	check func(data []byte) (decErr, valErr error, out []byte)
}

func subjectFor[T any, P interface {
	*T
	Validate() error
}](t testing.TB, name string, schema any) subject {
	t.Helper()
	c, err := actionschema.Compile(name, schema)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return subject{name: name, oracle: c, check: func(data []byte) (error, error, []byte) {
		v := P(new(T))
		if err := json.Unmarshal(data, v); err != nil {
			return err, nil, nil
		}
		out, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("re-encode: %w", err), nil
		}
		return nil, v.Validate(), out
	}}
}

// subschema returns the schema at ptr (slash-separated property path) of
// the named action in input.
func subschema(t testing.TB, input, action, ptr string) any {
	t.Helper()
	srcs, err := messaginggen.Load(input)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if s.Action != action {
			continue
		}
		norm, _ := actionschema.Normalize(s.Schema)
		v := norm
		if ptr != "" {
			for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
				v = v.(map[string]any)[tok]
			}
		}
		return v
	}
	t.Fatalf("no action %s in %s", action, input)
	return nil
}

var (
	fixtureResponse = filepath.Join("..", "..", "..", "shared", "fixtures", "messaging", "getMessagingActionsForOrder.json")
	kitchenSinkFile = filepath.Join("testdata", "kitchensink.json")
)

// subjects returns one subject per generated struct.
func subjects(t testing.TB) []subject {
	fx, ks := fixtureResponse, kitchenSinkFile
	return []subject{
		subjectFor[messagingactions.ConfirmCustomizationDetailsRequest](t, "ConfirmCustomizationDetailsRequest", subschema(t, fx, "confirmCustomizationDetails", "")),
		subjectFor[messagingactions.ConfirmCustomizationDetailsAttachment](t, "ConfirmCustomizationDetailsAttachment", subschema(t, fx, "confirmCustomizationDetails", "/properties/attachments/items")),
		subjectFor[messagingactions.ConfirmOrderDetailsRequest](t, "ConfirmOrderDetailsRequest", subschema(t, fx, "confirmOrderDetails", "")),
		subjectFor[messagingactions.NegativeFeedbackRemovalRequest](t, "NegativeFeedbackRemovalRequest", subschema(t, fx, "negativeFeedbackRemoval", "")),
		subjectFor[kitchensink.KitchenSinkRequest](t, "KitchenSinkRequest", subschema(t, ks, "kitchenSink", "")),
		subjectFor[kitchensink.KitchenSinkAddress](t, "KitchenSinkAddress", subschema(t, ks, "kitchenSink", "/properties/address")),
		subjectFor[kitchensink.KitchenSinkAddressGeo](t, "KitchenSinkAddressGeo", subschema(t, ks, "kitchenSink", "/properties/address/properties/geo")),
		subjectFor[kitchensink.KitchenSinkContact](t, "KitchenSinkContact", subschema(t, ks, "kitchenSink", "/properties/contacts/items")),
	}
}

type outcome int

const (
	agreeValid outcome = iota
	agreeInvalid
	excluded
	notJSON
)

type pair struct{ ptr, kw string }

func pairs(err error) (map[pair]bool, error) {
	out := map[pair]bool{}
	if err == nil {
		return out, nil
	}
	var ve *actionschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, fmt.Errorf("error is not a *actionschema.ValidationError: %T %v", err, err)
	}
	if len(ve.Violations) == 0 {
		return nil, errors.New("ValidationError without violations")
	}
	for _, v := range ve.Violations {
		out[pair{v.Pointer, v.Keyword}] = true
	}
	return out, nil
}

func sortedPairs(m map[pair]bool) string {
	var s []string
	for p := range m {
		s = append(s, strconv.Quote(p.ptr)+":"+p.kw)
	}
	sort.Strings(s)
	return "{" + strings.Join(s, " ") + "}"
}

// representable reports whether the Go field types hold every number of
// instance v exactly, walking v alongside its schema: at an "integer"
// position an integral value must fit an int64; at a "number" position the
// value must be the shortest decimal form of its float64 rounding (what
// encoding/json writes back for it). Numbers anywhere else are type errors
// or ignored members on both sides, whatever their value.
func representable(schema, v any) bool {
	sch, _ := schema.(map[string]any)
	switch v := v.(type) {
	case json.Number:
		r, ok := new(big.Rat).SetString(string(v))
		if !ok {
			return false
		}
		switch sch["type"] {
		case "integer":
			return !r.IsInt() || r.Num().IsInt64()
		case "number":
			f, _ := r.Float64()
			if math.IsInf(f, 0) {
				return false
			}
			back, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
			return back.Cmp(r) == 0
		}
	case map[string]any:
		props, _ := sch["properties"].(map[string]any)
		for k, e := range v {
			if ps, ok := props[k]; ok && !representable(ps, e) {
				return false
			}
		}
	case []any:
		for _, e := range v {
			if !representable(sch["items"], e) {
				return false
			}
		}
	}
	return true
}

// compare runs one document through both sides and reports how they agree,
// or an error describing the disagreement.
func (s subject) compare(data []byte) (outcome, error) {
	want, skip, err := oracleVerdict(s.oracle, data)
	if skip != 0 || err != nil {
		return skip, err
	}
	decErr, valErr, out := s.check(data)
	if decErr != nil {
		return decodeAgrees(decErr, want, "type", "required")
	}
	got, err := pairs(valErr)
	if err != nil {
		return 0, fmt.Errorf("Validate: %v", err)
	}
	if sortedPairs(got) != sortedPairs(want) {
		return 0, fmt.Errorf("Validate reports %s, oracle %s", sortedPairs(got), sortedPairs(want))
	}
	// The struct re-encoded must keep its verdict.
	inst2, err := actionschema.DecodeInstance(out)
	if err != nil {
		return 0, fmt.Errorf("re-encoded struct is not JSON: %v", err)
	}
	if again := s.oracle.Validate(inst2); (again == nil) != (valErr == nil) {
		return 0, fmt.Errorf("re-encoded %s: oracle says %v, Validate said %v", out, again, valErr)
	}
	if len(want) == 0 {
		return agreeValid, nil
	}
	return agreeInvalid, nil
}

// oracleVerdict returns the oracle's violations of data, or skip (notJSON,
// excluded) when data is not a comparable instance.
func oracleVerdict(oracle *actionschema.Compiled, data []byte) (want map[pair]bool, skip outcome, err error) {
	if !json.Valid(data) {
		return nil, notJSON, nil
	}
	inst, err := actionschema.DecodeInstance(data)
	if err != nil {
		return nil, notJSON, nil
	}
	if !representable(oracle.Normalized, inst) {
		return nil, excluded, nil
	}
	if want, err = pairs(oracle.Validate(inst)); err != nil {
		return nil, 0, fmt.Errorf("oracle: %v", err)
	}
	return want, 0, nil
}

// decodeAgrees judges a decoding error: the oracle must reject the
// document too and report every violation the decoder reported; when
// keywords are given, the decoder may only report those.
func decodeAgrees(decErr error, want map[pair]bool, keywords ...string) (outcome, error) {
	got, err := pairs(decErr)
	if err != nil {
		return 0, fmt.Errorf("decode: %v", err)
	}
	if len(want) == 0 {
		return 0, fmt.Errorf("decode rejects %s, oracle accepts", sortedPairs(got))
	}
	for p := range got {
		if len(keywords) > 0 && !slices.Contains(keywords, p.kw) {
			return 0, fmt.Errorf("decode reported keyword %q", p.kw)
		}
		if !want[p] {
			return 0, fmt.Errorf("decode reports %s, oracle %s", sortedPairs(got), sortedPairs(want))
		}
	}
	return agreeInvalid, nil
}

// baseInstances are valid, maximal documents, one per struct; the fixture
// instances are these and every single-point mutation of them.
var baseInstances = []string{
	`{"attachments":[{"fileName":"a.txt","id":"u-1"}],"rawMessageBody":"Hello"}`,
	`{"fileName":"a.txt","id":"u-1"}`,
	`{"rawMessageBody":"Hello"}`,
	`{}`,
	`{"a/b~c":"x","ack":1,"active":true,"address":{"city":"Seattle","zip":"98101","lines":["1","22"],"geo":{"lat":47.6}},
	  "code":"ABC-12","contacts":[{"email":"a@example.com","id":"c1"}],"count":5,"factor":2.25,"flag":true,"kind":"express",
	  "label":"l","level":3,"matrix":[[1,2],[9]],"meta":{"any":["thing"]},"note":"xab","ratio":1.25,"score":1000,
	  "tags":["t1","t2"],"tenth":0.2,"when":"2024-02-29T12:00:00Z"}`,
	`{"city":"Seattle","zip":"98101","lines":["1"],"geo":{"lat":0}}`,
	`{"lat":-90}`,
	`{"email":"a@example.com","id":"c1"}`,
}

// samples replace values in the mutations: every JSON type, and strings,
// numbers and arrays at and around the bounds the schemas use.
func samples() []string {
	s := []string{
		`null`, `true`, `false`, `0`, `-0`, `-1`, `1`, `2`, `3`, `9`, `10`, `11`, `1.5`, `2.0`, `1e1`, `3.0`, `2.5`,
		`0.1`, `0.3`, `0.30000000000000004`, `0.09999999999999999`, `1.4999999999999998`, `0.5`, `2.25`,
		`1000`, `1001`, `1000.0`, `-90`, `-90.00001`, `90`, `91`, `9007199254740993`, `-9223372036854775808`,
		`""`, `"a"`, `"ab"`, `"abc"`, `"ç"`, `"çç"`, `"ab🙂🙂🙂"`, `"🙂🙂🙂🙂🙂"`, `"🙂🙂🙂🙂🙂🙂"`, `"ABC-1"`, `"ABC-12345"`,
		`"ABC-1234"`, `"abc-1"`, `"xABC-1"`, `"12345"`, `"1234"`, `"123456"`, `"standard"`, `"ünïcode"`, `"unicode"`, `"4"`, `"7"`,
		`"2020-01-01T00:00:00Z"`, `"2020-13-01T00:00:00Z"`, `"2020-01-01"`, `"a@b.co"`, `"not-an-email"`, `"\u0000"`, `"\ud800"`,
		`[]`, `["x"]`, `["x","y","z"]`, `["x","y","z","w"]`, `[""]`, `[1]`, `[null]`, `[[1,2],[3]]`, `[[1,2,3]]`, `[[10]]`, `[[]]`, `[null,[1]]`,
		`{}`, `{"email":"a@b.co"}`, `{"email":1}`, `{"city":""}`, `{"city":"X","zip":"1234","lines":["abcd","abcde"],"geo":{"lat":91}}`,
		`{"fileName":"a.pdf"}`, `{"id":null}`, `{"lat":"0"}`,
	}
	for _, n := range []int{799, 800, 801, 1999, 2000, 2001} {
		s = append(s, strconv.Quote(strings.Repeat("a", n)), strconv.Quote(strings.Repeat("é", n)))
	}
	att := `{"fileName":"a.txt","id":"x"}`
	for n := 0; n <= 6; n++ {
		s = append(s, "["+strings.TrimSuffix(strings.Repeat(att+",", n), ",")+"]")
	}
	return s
}

// mutations returns base and every document obtained from it by replacing
// one value (root included) with a sample or removing one object member.
func mutations(t testing.TB, base string) [][]byte {
	doc, err := actionschema.DecodeInstance([]byte(base))
	if err != nil {
		t.Fatalf("base instance %s: %v", base, err)
	}
	smp := samples()
	var vals []any
	for _, s := range smp {
		v, err := actionschema.DecodeInstance([]byte(s))
		if err != nil {
			t.Fatalf("sample %s: %v", s, err)
		}
		vals = append(vals, v)
	}
	var out [][]byte
	enc := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	enc(doc)
	var visit func(get func() any, set func(any), del func())
	visit = func(get func() any, set func(any), del func()) {
		orig := get()
		for _, v := range vals {
			set(v)
			enc(doc)
		}
		if del != nil {
			del()
			enc(doc)
		}
		set(orig)
		switch o := orig.(type) {
		case map[string]any:
			keys := make([]string, 0, len(o))
			for k := range o {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				visit(func() any { return o[k] }, func(v any) { o[k] = v }, func() { delete(o, k) })
			}
		case []any:
			for i := range o {
				visit(func() any { return o[i] }, func(v any) { o[i] = v }, nil)
			}
		}
	}
	visit(func() any { return doc }, func(v any) { doc = v }, nil)
	return out
}

var fixtureCache struct {
	once sync.Once
	docs [][]byte
}

// fixtureInstances returns every mutation of every base instance, plus
// hand-picked documents for cases mutation does not reach (built once).
func fixtureInstances(t testing.TB) [][]byte {
	fixtureCache.once.Do(func() { fixtureCache.docs = buildFixtureInstances(t) })
	if len(fixtureCache.docs) == 0 {
		t.Fatal("no fixture instances")
	}
	return fixtureCache.docs
}

func buildFixtureInstances(t testing.TB) [][]byte {
	var out [][]byte
	for _, b := range baseInstances {
		out = append(out, mutations(t, b)...)
	}
	for _, s := range []string{
		`{"RawMessageBody":"x","Attachments":[]}`,                  // names match exactly, not case-insensitively
		`{"rawMessageBody":"x","rawMessageBody":""}`,               // duplicate member: the last one counts
		`{"rawMessageBody":"x","attachments":[],"extra":{"a":1}}`,  // unknown members are allowed
		`  {"rawMessageBody" : "x" , "attachments" : [ ] }  `,      // whitespace
		`{"rawMessageBody":"\u00e9t\u00e9","attachments":[{}]}`,    // escapes
		`{"rawMessageBody":"x","attachments":[{"id":"1","id":2}]}`, // duplicate in a nested object
		`{"count":1e400,"tags":["x"]}`,                             // beyond float64: excluded
		`{"count":1e2,"code":"ABC-1","tags":["a"],"address":{"city":"c"},"ack":null,"a/b~c":"q"}`,
		`[]`, `"text"`, `42`, `null`, `true`,
	} {
		out = append(out, []byte(s))
	}
	return out
}

type tally struct {
	docs, comparisons                           int
	valid, invalid, excluded, notJSON, disagree int
	per                                         map[string]map[outcome]int
}

func (ty *tally) run(t testing.TB, subs []subject, data []byte, source string) {
	ty.docs++
	for _, s := range subs {
		ty.comparisons++
		o, err := s.compare(data)
		if err != nil {
			ty.disagree++
			t.Errorf("%s: %s: %s\n\tdocument: %s", source, s.name, err, truncate(data))
			continue
		}
		if ty.per == nil {
			ty.per = map[string]map[outcome]int{}
		}
		if ty.per[s.name] == nil {
			ty.per[s.name] = map[outcome]int{}
		}
		ty.per[s.name][o]++
		switch o {
		case agreeValid:
			ty.valid++
		case agreeInvalid:
			ty.invalid++
		case excluded:
			ty.excluded++
		case notJSON:
			ty.notJSON++
		}
	}
}

func truncate(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// TestDifferential runs the fixture instances and the committed fuzz corpus
// through every generated struct and the oracle, and requires zero
// disagreements.
func TestDifferential(t *testing.T) {
	subs := subjects(t)
	var fix, corp tally
	for _, d := range fixtureInstances(t) {
		fix.run(t, subs, d, "fixture")
	}
	corpus, err := readCorpus(filepath.Join("testdata", "fuzz", "FuzzDifferential"))
	if err != nil {
		t.Fatal(err)
	}
	for name, d := range corpus {
		corp.run(t, subs, d, "corpus "+name)
	}
	for _, x := range []struct {
		name string
		ty   tally
	}{{"fixtures", fix}, {"fuzz corpus", corp}} {
		t.Logf("%s: %d documents × %d structs = %d comparisons: %d agree valid, %d agree invalid, %d excluded (number not representable), %d not JSON, %d disagreements",
			x.name, x.ty.docs, len(subs), x.ty.comparisons, x.ty.valid, x.ty.invalid, x.ty.excluded, x.ty.notJSON, x.ty.disagree)
	}
	// The fixtures must exercise both verdicts for every struct.
	for _, s := range subs {
		if fix.per[s.name][agreeValid] == 0 || fix.per[s.name][agreeInvalid] == 0 {
			t.Errorf("%s: fixtures give %d valid and %d invalid verdicts; want both", s.name, fix.per[s.name][agreeValid], fix.per[s.name][agreeInvalid])
		}
	}
}

// readCorpus reads the files of a "go test fuzz v1" corpus directory with
// one []byte argument each.
func readCorpus(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		lines := bytes.SplitN(raw, []byte("\n"), 3)
		if len(lines) < 2 || string(lines[0]) != "go test fuzz v1" {
			return nil, fmt.Errorf("%s: not a fuzz corpus file", e.Name())
		}
		arg := strings.TrimSpace(string(lines[1]))
		if !strings.HasPrefix(arg, "[]byte(") || !strings.HasSuffix(arg, ")") {
			return nil, fmt.Errorf("%s: want one []byte argument, got %s", e.Name(), arg)
		}
		s, err := strconv.Unquote(arg[len("[]byte(") : len(arg)-1])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", e.Name(), err)
		}
		out[e.Name()] = []byte(s)
	}
	return out, nil
}

// FuzzDifferential feeds arbitrary documents to every generated struct and
// the oracle; any disagreement fails. Seeds: the base instances and a few
// mutations of each.
func FuzzDifferential(f *testing.F) {
	for _, b := range baseInstances {
		f.Add([]byte(b))
	}
	for _, s := range []string{`{"rawMessageBody":"","attachments":null}`, `{"count":1.5,"tags":[],"address":{}}`, `{"matrix":[[10,1,2]],"note":"ç"}`} {
		f.Add([]byte(s))
	}
	subs := subjects(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range subs {
			if _, err := s.compare(data); err != nil {
				t.Fatalf("%s: %v\n\tdocument: %q", s.name, err, data)
			}
		}
	})
}

// TestDifferentialDetectsDisagreement makes sure the harness can fail: a
// validator that forgets maxLength must be caught by the fixtures.
func TestDifferentialDetectsDisagreement(t *testing.T) {
	good := subjects(t)[2] // ConfirmOrderDetailsRequest
	lenient := subject{name: "lenient", oracle: good.oracle, check: func(data []byte) (error, error, []byte) {
		decErr, valErr, out := good.check(data)
		var ve *actionschema.ValidationError
		if errors.As(valErr, &ve) {
			var keep []actionschema.Violation
			for _, v := range ve.Violations {
				if v.Keyword != "maxLength" {
					keep = append(keep, v)
				}
			}
			if valErr = nil; len(keep) > 0 {
				valErr = &actionschema.ValidationError{Action: ve.Action, Violations: keep}
			}
		}
		return decErr, valErr, out
	}}
	caught := 0
	for _, d := range fixtureInstances(t) {
		if _, err := lenient.compare(d); err != nil {
			caught++
		}
	}
	if caught == 0 {
		t.Fatal("a validator without maxLength agrees with the oracle on every fixture")
	}
	t.Logf("a validator without maxLength disagrees on %d fixtures", caught)
}

// FuzzDifferentialValues is the structured companion of FuzzDifferential:
// every input becomes valid JSON documents. Each base instance gets its
// strings replaced by s (repeated rep times), its numbers by n or x (bit 0
// of pick), its arrays resized to size%8, and the object members whose bit
// is set in drop removed; each document is then compared on every struct.
func FuzzDifferentialValues(f *testing.F) {
	f.Add("é", uint8(1), int64(5), 0.2, uint8(0), uint8(1), uint16(0))
	f.Add("", uint8(0), int64(-1), 1.5, uint8(1), uint8(6), uint16(5))
	f.Add("ABC-12", uint8(3), int64(1000), 90.0, uint8(2), uint8(0), uint16(0xffff))
	f.Add("ab\xff", uint8(200), int64(9), 0.30000000000000004, uint8(3), uint8(3), uint16(8))
	subs := subjects(f)
	f.Fuzz(func(t *testing.T, s string, rep uint8, n int64, x float64, pick, size uint8, drop uint16) {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			x = 0
		}
		str := strings.Repeat(s, int(rep))
		for _, b := range baseInstances {
			doc, err := actionschema.DecodeInstance([]byte(b))
			if err != nil {
				t.Fatal(err)
			}
			bit := 0
			var rewrite func(v any) any
			rewrite = func(v any) any {
				switch v := v.(type) {
				case string:
					return str
				case json.Number:
					if pick&1 == 0 {
						return json.Number(strconv.FormatInt(n, 10))
					}
					return json.Number(strconv.FormatFloat(x, 'g', -1, 64))
				case []any:
					k := int(size % 8)
					out := make([]any, k)
					for i := range out {
						if len(v) > 0 {
							out[i] = rewrite(v[i%len(v)])
						} else {
							out[i] = str
						}
					}
					return out
				case map[string]any:
					keys := make([]string, 0, len(v))
					for k := range v {
						keys = append(keys, k)
					}
					sort.Strings(keys)
					out := map[string]any{}
					for _, k := range keys {
						if drop&(1<<(bit%16)) == 0 {
							out[k] = rewrite(v[k])
						}
						bit++
					}
					return out
				}
				return v
			}
			data, err := json.Marshal(rewrite(doc))
			if err != nil {
				t.Fatal(err)
			}
			for _, sub := range subs {
				if _, err := sub.compare(data); err != nil {
					t.Fatalf("%s: %v\n\tdocument: %s", sub.name, err, data)
				}
			}
		}
	})
}
