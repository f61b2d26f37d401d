package producttypes

import (
	"context"
	"fmt"

	"github.com/spgen/spgen/generated/definitionsproducttypes20200901"
	"github.com/spgen/spgen/spapi"
)

// Definition is what getDefinitionsProductType says about a product type's
// schema.
type Definition struct {
	// Version is the product type version the schema belongs to.
	Version string
	// URL is the link to download the schema from; Checksum its checksum as
	// Amazon gives it.
	URL, Checksum string
}

// Source looks up product type definitions.
type Source interface {
	Definition(ctx context.Context, productType, marketplaceID, locale string) (Definition, error)
}

// spapiSource is Source over the generated definitionsProductTypes client.
type spapiSource struct {
	api *definitionsproducttypes20200901.Client
}

// NewSource returns a Source calling getDefinitionsProductType through c
// (requirements LISTING, the latest version).
func NewSource(c *spapi.Client) (Source, error) {
	api, err := definitionsproducttypes20200901.New(c)
	if err != nil {
		return nil, err
	}
	return spapiSource{api: api}, nil
}

func (s spapiSource) Definition(ctx context.Context, productType, marketplaceID, locale string) (Definition, error) {
	params := &definitionsproducttypes20200901.GetDefinitionsProductTypeParams{MarketplaceIds: []string{marketplaceID}}
	if locale != "" {
		l := definitionsproducttypes20200901.GetDefinitionsProductTypeParamsLocale(locale)
		params.Locale = &l
	}
	d, err := s.api.GetDefinitionsProductType(ctx, productType, params)
	if err != nil {
		return Definition{}, fmt.Errorf("producttypes: getDefinitionsProductType %s: %w", productType, err)
	}
	return Definition{Version: d.ProductTypeVersion.Version, URL: d.Schema.Link.Resource, Checksum: d.Schema.Checksum}, nil
}
