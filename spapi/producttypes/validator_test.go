package producttypes_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/spgen/spgen/generated/listingsitems20210801"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/listingsfeed"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
	"github.com/spgen/spgen/spapi/producttypes"
)

// fakeDefinitions serves getDefinitionsProductType and the schema
// downloads it links to, counting both.
type fakeDefinitions struct {
	*httptest.Server
	version   atomic.Value // string
	defCalls  atomic.Int64
	downloads atomic.Int64
}

func newFakeDefinitions(t *testing.T) *fakeDefinitions {
	schema, err := os.ReadFile("testdata/LUGGAGE.json")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeDefinitions{}
	f.version.Store("U8EYNKN5Z2S")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /definitions/2020-09-01/productTypes/{pt}", func(w http.ResponseWriter, r *http.Request) {
		f.defCalls.Add(1)
		if r.PathValue("pt") != "LUGGAGE" || r.URL.Query().Get("marketplaceIds") != "ATVPDKIKX0DER" {
			w.WriteHeader(404)
			w.Write([]byte(`{"errors":[{"code":"NotFound","message":"no such product type"}]}`))
			return
		}
		v := f.version.Load().(string)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"metaSchema":           map[string]any{"link": map[string]string{"resource": f.URL + "/meta", "verb": "GET"}, "checksum": "x"},
			"schema":               map[string]any{"link": map[string]string{"resource": f.URL + "/schemas/LUGGAGE/" + v + "?X-Amz-Signature=secret", "verb": "GET"}, "checksum": "y"},
			"requirements":         "LISTING",
			"requirementsEnforced": "ENFORCED",
			"propertyGroups":       map[string]any{},
			"locale":               "en_US",
			"marketplaceIds":       []string{"ATVPDKIKX0DER"},
			"productType":          "LUGGAGE",
			"displayName":          "Luggage",
			"productTypeVersion":   map[string]any{"version": v, "latest": true},
		})
	})
	mux.HandleFunc("GET /schemas/LUGGAGE/{v}", func(w http.ResponseWriter, r *http.Request) {
		f.downloads.Add(1)
		w.Write(schema)
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func newValidator(t *testing.T, f *fakeDefinitions, opts ...producttypes.Option) *producttypes.Validator {
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: "Atza|test", Expiry: time.Now().Add(time.Hour)}, nil
	})
	c, err := spapi.New(spapi.Config{Endpoint: f.URL}, spapi.WithTokenSource(ts))
	if err != nil {
		t.Fatal(err)
	}
	src, err := producttypes.NewSource(c)
	if err != nil {
		t.Fatal(err)
	}
	return producttypes.NewValidator(src, http.DefaultClient, opts...)
}

func attrs(name string) map[string]json.RawMessage {
	return map[string]json.RawMessage{
		"item_name": json.RawMessage(`[{"value":` + name + `,"language_tag":"en_US","marketplace_id":"ATVPDKIKX0DER"}]`),
		"brand":     json.RawMessage(`[{"value":"Acme","language_tag":"en_US"}]`),
	}
}

// TestDownloadOncePerVersion validates 200 listings from 8 goroutines: one
// definition lookup, one download. A new version (after the definition's
// TTL) is downloaded once more.
func TestDownloadOncePerVersion(t *testing.T) {
	f := newFakeDefinitions(t)
	v := newValidator(t, f, producttypes.WithDefinitionTTL(time.Hour))
	var wg sync.WaitGroup
	var invalid atomic.Int64
	for g := range 8 {
		wg.Go(func() {
			for i := range 25 {
				name := `"Suitcase"`
				if (g+i)%5 == 0 {
					name = `"` + strings.Repeat("ü", 30) + `"` // 60 bytes > maxUtf8ByteLength 40
				}
				err := v.Validate(t.Context(), "LUGGAGE", "ATVPDKIKX0DER", attrs(name))
				var ve *actionschema.ValidationError
				switch {
				case err == nil:
				case errors.As(err, &ve) && ve.Has("/item_name/0/value", "maxUtf8ByteLength"):
					invalid.Add(1)
				default:
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if d, c := f.downloads.Load(), f.defCalls.Load(); d != 1 || c != 1 {
		t.Fatalf("%d downloads and %d definition calls for 200 validations, want 1 and 1", d, c)
	}
	if invalid.Load() != 40 {
		t.Fatalf("%d invalid, want 40", invalid.Load())
	}

	v2 := newValidator(t, f, producttypes.WithDefinitionTTL(0))
	for range 3 {
		if err := v2.Validate(t.Context(), "LUGGAGE", "ATVPDKIKX0DER", attrs(`"Suitcase"`)); err != nil {
			t.Fatal(err)
		}
	}
	if d := f.downloads.Load(); d != 2 {
		t.Fatalf("%d downloads, want 2 (a second validator, the same version thrice)", d)
	}
	f.version.Store("U9NEWVERSION")
	if err := v2.Validate(t.Context(), "LUGGAGE", "ATVPDKIKX0DER", attrs(`"Suitcase"`)); err != nil {
		t.Fatal(err)
	}
	if d := f.downloads.Load(); d != 3 {
		t.Fatalf("%d downloads after a version change, want 3", d)
	}
}

func TestUnknownProductType(t *testing.T) {
	f := newFakeDefinitions(t)
	v := newValidator(t, f)
	err := v.Validate(t.Context(), "NOPE", "ATVPDKIKX0DER", attrs(`"x"`))
	if !spapi.IsNotFound(err) {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Fatal("error shows the presigned signature")
	}
}

// TestListingsFeedCheck: a feed message whose attributes break the product
// type is refused with the pointer inside the feed.
func TestListingsFeedCheck(t *testing.T) {
	f := newFakeDefinitions(t)
	v := newValidator(t, f)
	pt := "LUGGAGE"
	b := listingsfeed.NewBuilder("A1").CheckAttributes(v.ForMarketplace("ATVPDKIKX0DER"))
	b.Add(listingsfeed.Message{SKU: "S1", OperationType: listingsfeed.Update, ProductType: &pt, Attributes: attrs(`"Suitcase"`)})
	bad := attrs(`"Suitcase"`)
	bad["item_name"] = json.RawMessage(`[{"value":"A","language_tag":"en_US"},{"value":"B","language_tag":"en_US"}]`)
	b.Add(listingsfeed.Message{SKU: "S2", OperationType: listingsfeed.Update, ProductType: &pt, Attributes: bad})
	_, err := b.Feed(t.Context())
	var ve *actionschema.ValidationError
	if !errors.As(err, &ve) || !ve.Has("/messages/1/attributes/item_name", "maxUniqueItems") || len(ve.Violations) != 1 {
		t.Fatalf("got %v", err)
	}
}

// TestCheckPutAndPatch: the checks offered before putListingsItem and
// patchListingsItem.
func TestCheckPutAndPatch(t *testing.T) {
	f := newFakeDefinitions(t)
	v := newValidator(t, f)
	put := listingsitems20210801.ListingsItemPutRequest{ProductType: "LUGGAGE", Attributes: map[string]any{
		"item_name": []any{map[string]any{"value": "Suitcase", "language_tag": "en_US"}},
	}}
	err := v.CheckPut(t.Context(), "ATVPDKIKX0DER", put)
	var ve *actionschema.ValidationError
	if !errors.As(err, &ve) || !ve.Has("", "required") {
		t.Fatalf("put without brand: %v", err)
	}
	long := []map[string]any{{"value": strings.Repeat("ü", 25), "language_tag": "en_US"}}
	ok := []map[string]any{{"value": "Acme", "language_tag": "en_US"}}
	patch := listingsitems20210801.ListingsItemPatchRequest{ProductType: "LUGGAGE", Patches: []listingsitems20210801.PatchOperation{
		{Op: "replace", Path: "/attributes/brand", Value: ok},
		{Op: "replace", Path: "/attributes/item_name", Value: long},
		{Op: "delete", Path: "/attributes/color"},
	}}
	err = v.CheckPatch(t.Context(), "ATVPDKIKX0DER", patch)
	if !errors.As(err, &ve) || !ve.Has("/patches/1/value/0/value", "maxUtf8ByteLength") || len(ve.Violations) != 1 {
		t.Fatalf("patch: %v", err)
	}
	if f.downloads.Load() != 1 {
		t.Fatalf("%d downloads", f.downloads.Load())
	}
}
