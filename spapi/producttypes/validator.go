package producttypes

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/spgen/spgen/spapi"
)

// MaxSchemaSize bounds a downloaded product type schema (Amazon's largest
// are a few MB).
const MaxSchemaSize = 64 << 20

// Validator checks listings attributes against product type schemas,
// fetching each schema once per product type version, marketplace and
// locale. It is safe for concurrent use.
type Validator struct {
	src      Source
	http     *http.Client
	ttl      time.Duration
	group    singleflight.Group
	mu       sync.Mutex
	defs     map[defKey]cachedDef
	compiled map[schemaKey]*Schema
}

type defKey struct{ productType, marketplace, locale string }

type schemaKey struct {
	defKey
	version string
}

type cachedDef struct {
	def     Definition
	fetched time.Time
}

// Option configures a Validator.
type Option func(*Validator)

// WithDefinitionTTL sets how long a product type's definition (its current
// version and schema link) is trusted before it is asked for again
// (default 1 hour). A new version is downloaded and compiled; an unchanged
// one is not.
func WithDefinitionTTL(d time.Duration) Option { return func(v *Validator) { v.ttl = d } }

// NewValidator returns a Validator looking definitions up with src and
// downloading schemas with hc (the schema links are presigned: hc must not
// add SP-API credentials).
func NewValidator(src Source, hc *http.Client, opts ...Option) *Validator {
	v := &Validator{src: src, http: hc, ttl: time.Hour, defs: map[defKey]cachedDef{}, compiled: map[schemaKey]*Schema{}}
	for _, o := range opts {
		o(v)
	}
	return v
}

// Schema returns the compiled schema of productType for the marketplace
// and locale ("" for the marketplace's default).
func (v *Validator) Schema(ctx context.Context, productType, marketplaceID, locale string) (*Schema, error) {
	dk := defKey{productType, marketplaceID, locale}
	def, err := v.definition(ctx, dk)
	if err != nil {
		return nil, err
	}
	sk := schemaKey{dk, def.Version}
	v.mu.Lock()
	s, ok := v.compiled[sk]
	v.mu.Unlock()
	if ok {
		return s, nil
	}
	got, err, _ := v.group.Do(fmt.Sprintf("schema\x00%s\x00%s\x00%s\x00%s", productType, marketplaceID, locale, def.Version), func() (any, error) {
		v.mu.Lock()
		s, ok := v.compiled[sk]
		v.mu.Unlock()
		if ok {
			return s, nil
		}
		data, err := v.download(ctx, def.URL)
		if err != nil {
			return nil, fmt.Errorf("producttypes: %s schema: %w", productType, err)
		}
		s, err = Compile(productType, def.Version, data)
		if err != nil {
			return nil, err
		}
		v.mu.Lock()
		v.compiled[sk] = s
		v.mu.Unlock()
		return s, nil
	})
	if err != nil {
		return nil, err
	}
	return got.(*Schema), nil
}

func (v *Validator) definition(ctx context.Context, dk defKey) (Definition, error) {
	v.mu.Lock()
	c, ok := v.defs[dk]
	v.mu.Unlock()
	if ok && time.Since(c.fetched) < v.ttl {
		return c.def, nil
	}
	got, err, _ := v.group.Do("def\x00"+dk.productType+"\x00"+dk.marketplace+"\x00"+dk.locale, func() (any, error) {
		d, err := v.src.Definition(ctx, dk.productType, dk.marketplace, dk.locale)
		if err != nil {
			return nil, err
		}
		v.mu.Lock()
		v.defs[dk] = cachedDef{def: d, fetched: time.Now()}
		v.mu.Unlock()
		return d, nil
	})
	if err != nil {
		return Definition{}, err
	}
	return got.(Definition), nil
}

func (v *Validator) download(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, spapi.RedactError(err)
	}
	resp, err := v.http.Do(req)
	if err != nil {
		return nil, spapi.RedactError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download: HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxSchemaSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSchemaSize {
		return nil, fmt.Errorf("download: schema exceeds %d bytes", MaxSchemaSize)
	}
	return data, nil
}

// Validate checks attributes against productType's schema for the
// marketplace (default locale).
func (v *Validator) Validate(ctx context.Context, productType, marketplaceID string, attributes map[string]json.RawMessage) error {
	s, err := v.Schema(ctx, productType, marketplaceID, "")
	if err != nil {
		return err
	}
	body, err := json.Marshal(attributes)
	if err != nil {
		return fmt.Errorf("producttypes: attributes: %w", err)
	}
	inst, err := decode(body)
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// ForMarketplace returns a checker of one marketplace for
// listingsfeed.Builder.CheckAttributes.
func (v *Validator) ForMarketplace(marketplaceID string) MarketplaceChecker {
	return MarketplaceChecker{v: v, marketplace: marketplaceID}
}

// MarketplaceChecker checks attributes for one marketplace.
type MarketplaceChecker struct {
	v           *Validator
	marketplace string
}

// CheckAttributes validates attributes against productType's schema.
func (m MarketplaceChecker) CheckAttributes(ctx context.Context, productType string, attributes map[string]json.RawMessage) error {
	return m.v.Validate(ctx, productType, m.marketplace, attributes)
}

func decode(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("producttypes: attributes: %w", err)
	}
	return v, nil
}
