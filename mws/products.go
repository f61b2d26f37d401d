package mws

import (
	"context"
	"errors"
)

// Products API 2011-10-01.
const (
	productsPath    = "/Products/2011-10-01"
	productsVersion = "2011-10-01"
)

// MatchingProduct is one GetMatchingProductResult: the ASIN asked for,
// its status, and the product when found (or the error when not).
type MatchingProduct struct {
	ASIN    string   `xml:"ASIN,attr"`
	Status  string   `xml:"status,attr"`
	Product *Product `xml:"Product"`
	Error   *struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
}

// Product is a catalog product of the Products API.
type Product struct {
	// MarketplaceID and ASIN are the product's Identifiers/MarketplaceASIN.
	MarketplaceID string `xml:"Identifiers>MarketplaceASIN>MarketplaceId"`
	ASIN          string `xml:"Identifiers>MarketplaceASIN>ASIN"`
	// Attributes are the ItemAttributes of the AttributeSets (namespace
	// ns2 in Amazon's responses; matched by local name).
	Attributes []ItemAttributes `xml:"AttributeSets>ItemAttributes"`
	// Relationships is kept as raw XML.
	Relationships struct {
		InnerXML string `xml:",innerxml"`
	} `xml:"Relationships"`
	SalesRankings []SalesRank `xml:"SalesRankings>SalesRank"`
}

// ItemAttributes are the commonly used attributes of a product.
type ItemAttributes struct {
	Lang         string `xml:"lang,attr"`
	Binding      string `xml:"Binding"`
	Brand        string `xml:"Brand"`
	Color        string `xml:"Color"`
	Manufacturer string `xml:"Manufacturer"`
	Model        string `xml:"Model"`
	PartNumber   string `xml:"PartNumber"`
	ProductGroup string `xml:"ProductGroup"`
	ProductType  string `xml:"ProductTypeName"`
	Publisher    string `xml:"Publisher"`
	Title        string `xml:"Title"`
	ListPrice    *struct {
		Amount       string `xml:"Amount"`
		CurrencyCode string `xml:"CurrencyCode"`
	} `xml:"ListPrice"`
	// InnerXML is the whole element, for attributes not listed here.
	InnerXML string `xml:",innerxml"`
}

// SalesRank is a product's rank in a category.
type SalesRank struct {
	ProductCategoryID string `xml:"ProductCategoryId"`
	Rank              int    `xml:"Rank"`
}

type getMatchingProductResponse struct {
	Results []MatchingProduct `xml:"GetMatchingProductResult"`
}

// GetMatchingProduct returns the products with the given ASINs (up to 10)
// in marketplaceID, one result per ASIN in order. The quota counts ASINs.
func (c *Client) GetMatchingProduct(ctx context.Context, marketplaceID string, asins ...string) ([]MatchingProduct, error) {
	if marketplaceID == "" || len(asins) == 0 || len(asins) > 10 {
		return nil, errors.New("mws: GetMatchingProduct: a MarketplaceId and between 1 and 10 ASINs are required")
	}
	p := map[string]string{"MarketplaceId": marketplaceID}
	listParams(p, "ASINList.ASIN", asins)
	var resp getMatchingProductResponse
	if err := c.decode(ctx, &call{action: "GetMatchingProduct", path: productsPath, version: productsVersion, params: p, cost: len(asins)}, &resp); err != nil {
		return nil, err
	}
	return resp.Results, nil
}
