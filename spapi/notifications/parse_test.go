package notifications_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spgen/spgen/generated/schemas"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
	"github.com/spgen/spgen/spapi/notifications"
)

var schemaDir = filepath.Join("..", "..", "..", "shared", "models", "schemas", "notifications")

// bodies returns, per Kind, an SQS body: the schema's first example, or for
// the four schemas that ship none (B2B_ANY_OFFER_CHANGED,
// FBA_INVENTORY_AVAILABILITY_CHANGES, PRICING_HEALTH,
// SHIPMENT_TRACKING_MILESTONE_CHANGED) the instance under testdata, written
// from the schema's required members.
func bodies(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, k := range notifications.Kinds() {
		data, err := os.ReadFile(filepath.Join(schemaDir, strings.Replace(k.Schema, "20231213", "_2023-12-13", 1)))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Examples []json.RawMessage `json:"examples"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Examples) > 0 {
			out[k.Schema] = doc.Examples[0]
			continue
		}
		b, err := os.ReadFile(filepath.Join("testdata", strings.TrimSuffix(k.Schema, ".json")+".example.json"))
		if err != nil {
			t.Fatalf("%s ships no example and testdata has none: %v", k.Schema, err)
		}
		out[k.Schema] = b
	}
	return out
}

func eventBridge(detail []byte, typ string) []byte {
	return []byte(`{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"` + typ + `","source":"aws.partner/sellingpartnerapi.amazon/amzn1.sellerapps.app.x","account":"123456789012","time":"2026-12-01T00:00:00Z","region":"us-east-1","resources":[],"detail":` + string(detail) + `}`)
}

// TestParseEveryType parses each of the 23 schemas' notifications from an
// SQS body and from an EventBridge event: the type is reported, the value
// has the generated type of that schema, and re-encoding loses nothing.
func TestParseEveryType(t *testing.T) {
	bs := bodies(t)
	if len(bs) != 23 {
		t.Fatalf("%d kinds, want 23", len(bs))
	}
	for _, k := range notifications.Kinds() {
		body := bs[k.Schema]
		for _, src := range []notifications.Source{notifications.SQS, notifications.EventBridge} {
			in := body
			if src == notifications.EventBridge {
				in = eventBridge(body, k.Type)
			}
			n, err := notifications.Parse(in)
			if err != nil {
				t.Fatalf("%s via %s: %v", k.Schema, src, err)
			}
			if src == notifications.SQS {
				if (oracle(t, k.Schema).ValidateJSON(body) == nil) != (n.Value.Validate() == nil) {
					t.Errorf("%s: Validate and jsonschema/v5 disagree", k.Schema)
				}
			}
			if err := n.Value.Validate(); err != nil && k.Schema != "ListingsItemStatusChangeNotification.json" {
				// (Amazon's example of that one says LISTINGS_ITEM_STATUS_CHANGE,
				// its schema's enum LISTINGS_ITEM_STATUS_CHANGED.)
				t.Errorf("%s via %s: %v", k.Schema, src, err)
			}
			if !n.Known || n.Source != src || n.Value == nil {
				t.Fatalf("%s via %s: known=%v source=%v value=%T", k.Schema, src, n.Known, n.Source, n.Value)
			}
			want := strings.TrimSuffix(k.Schema, ".json")
			if got := reflect.TypeOf(n.Value).Elem().Name(); got != want {
				t.Errorf("%s via %s: value is %s, want %s", k.Schema, src, got, want)
			}
			{
				out, _ := json.Marshal(n.Value)
				var a, b any
				_ = json.Unmarshal(body, &a)
				_ = json.Unmarshal(out, &b)
				if !reflect.DeepEqual(a, b) {
					t.Errorf("%s via %s: re-encoding changes the notification:\n%s", k.Schema, src, out)
				}
			}
		}
	}
}

func TestParseUnknownType(t *testing.T) {
	n, err := notifications.Parse([]byte(`{"NotificationType":"SOMETHING_NEW","PayloadVersion":"9","Payload":{"x":1}}`))
	if err != nil {
		t.Fatal(err)
	}
	if n.Known || n.Value != nil || n.Type != "SOMETHING_NEW" || !bytes.Contains(n.Raw, []byte(`"x":1`)) {
		t.Fatalf("unknown type: %+v", n)
	}
}

func TestParseStrict(t *testing.T) {
	// A known type whose payload has the wrong JSON type for a member is
	// reported with the member's pointer.
	_, err := notifications.Parse([]byte(`{"NotificationVersion":"1.0","NotificationType":"ORDER_CHANGE","PayloadVersion":"1.0","EventTime":"x","Payload":[],"NotificationMetadata":{}}`))
	var ve *actionschema.ValidationError
	if !errors.As(err, &ve) || !ve.Has("/Payload", "type") {
		t.Fatalf("got %v", err)
	}
	for _, bad := range []string{``, `[]`, `"x"`, `{}`, `{"NotificationType":1}`, `{"detail":[]}`, `{"a":`} {
		if _, err := notifications.Parse([]byte(bad)); !errors.Is(err, notifications.ErrNotNotification) {
			t.Errorf("%q: got %v, want ErrNotNotification", bad, err)
		}
	}
}

// countingReader counts the bytes handed out.
type countingReader struct {
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	c.n += int64(len(p))
	return len(p), nil
}

// TestReadLimit: a body over the limit (an endless one here) is refused
// after reading at most the limit plus one byte.
func TestReadLimit(t *testing.T) {
	for _, limit := range []int64{notifications.DefaultMaxBody, 1000} {
		var opts []notifications.Option
		if limit != notifications.DefaultMaxBody {
			opts = append(opts, notifications.WithMaxBody(limit))
		}
		r := &countingReader{}
		_, err := notifications.Read(r, opts...)
		var tl *notifications.TooLargeError
		if !errors.As(err, &tl) || tl.Limit != limit {
			t.Fatalf("limit %d: got %v", limit, err)
		}
		if r.n > limit+512 { // io.ReadAll's buffer may ask for a little more than it needs
			t.Fatalf("limit %d: read %d bytes", limit, r.n)
		}
	}
	if _, err := notifications.Parse(make([]byte, notifications.DefaultMaxBody+1)); err == nil {
		t.Fatal("Parse accepted a body over the limit")
	}
}

// FuzzParse: no input panics; what parses has a type, and a known type has
// a value.
func FuzzParse(f *testing.F) {
	for _, b := range bodies(f) {
		f.Add(b)
		f.Add(eventBridge(b, "X"))
	}
	f.Add([]byte(`{"detail":{"notificationType":"FEED_PROCESSING_FINISHED","payload":{"feedProcessingFinishedNotification":null}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := notifications.Parse(data)
		if err != nil {
			return
		}
		if n.Type == "" || (n.Known && n.Value == nil) {
			t.Fatalf("parsed without type or value: %+v", n)
		}
		if !n.Known {
			return
		}
		_ = n.Value.Validate()
		if _, err := json.Marshal(n.Value); err != nil {
			t.Fatalf("value does not encode: %v", err)
		}
	})
}

// oracle compiles the schema file's normalised schema with jsonschema/v5.
func oracle(t testing.TB, schemaFile string) *actionschema.Compiled {
	t.Helper()
	name := "notifications/" + strings.TrimSuffix(schemaFile, ".json")
	for _, e := range schemas.Entries() {
		if strings.ReplaceAll(e.Path, "_2023-12-13", "20231213") == name {
			norm, _ := actionschema.NormalizeDocument(mustDecode(t, e.New().Schema()))
			c, err := actionschema.CompileDocument(name, norm)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	t.Fatalf("no generated type for %s", schemaFile)
	return nil
}
