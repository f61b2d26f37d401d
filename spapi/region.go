package spapi

import "slices"

// LWATokenURL is the Login with Amazon token endpoint. It is the same for
// every region.
const LWATokenURL = "https://api.amazon.com/auth/o2/token"

// Region is one of the three SP-API regions. Each has a production and a
// sandbox endpoint; a selling partner's marketplaces determine the region
// (see [MarketplaceRegion]).
type Region struct {
	// Name is "NA", "EU" or "FE".
	Name string
	// Endpoint is the production base URL.
	Endpoint string
	// SandboxEndpoint is the static sandbox base URL.
	SandboxEndpoint string
	// AWSRegion is the AWS region that hosts the endpoint.
	AWSRegion string
}

// The SP-API regions.
var (
	NorthAmerica = Region{Name: "NA", Endpoint: "https://sellingpartnerapi-na.amazon.com", SandboxEndpoint: "https://sandbox.sellingpartnerapi-na.amazon.com", AWSRegion: "us-east-1"}
	Europe       = Region{Name: "EU", Endpoint: "https://sellingpartnerapi-eu.amazon.com", SandboxEndpoint: "https://sandbox.sellingpartnerapi-eu.amazon.com", AWSRegion: "eu-west-1"}
	FarEast      = Region{Name: "FE", Endpoint: "https://sellingpartnerapi-fe.amazon.com", SandboxEndpoint: "https://sandbox.sellingpartnerapi-fe.amazon.com", AWSRegion: "us-west-2"}
)

// Regions returns the three regions in the order NA, EU, FE.
func Regions() []Region { return []Region{NorthAmerica, Europe, FarEast} }

// RegionByName returns the region named "NA", "EU" or "FE".
func RegionByName(name string) (Region, bool) {
	for _, r := range Regions() {
		if r.Name == name {
			return r, true
		}
	}
	return Region{}, false
}

// URL returns the region's sandbox endpoint when sandbox is true and its
// production endpoint otherwise.
func (r Region) URL(sandbox bool) string {
	if sandbox {
		return r.SandboxEndpoint
	}
	return r.Endpoint
}

// Marketplace is one Amazon marketplace.
type Marketplace struct {
	// ID is the marketplace ID the SP-API takes, e.g. "ATVPDKIKX0DER".
	ID string
	// CountryCode is the ISO 3166-1 alpha-2 code (Amazon writes "UK" for
	// the United Kingdom).
	CountryCode string
	// Country is the country's English name.
	Country string
	// Region is the SP-API region serving the marketplace.
	Region Region
}

// marketplaces is Amazon's marketplace ID table
// (developer-docs.amazon.com/sp-api/docs/marketplace-ids), in its order.
var marketplaces = []Marketplace{
	{"A2EUQ1WTGCTBG2", "CA", "Canada", NorthAmerica},
	{"ATVPDKIKX0DER", "US", "United States of America", NorthAmerica},
	{"A1AM78C64UM0Y8", "MX", "Mexico", NorthAmerica},
	{"A2Q3Y263D00KWC", "BR", "Brazil", NorthAmerica},
	{"A28R8C7NBKEWEA", "IE", "Ireland", Europe},
	{"A1RKKUPIHCS9HS", "ES", "Spain", Europe},
	{"A1F83G8C2ARO7P", "UK", "United Kingdom", Europe},
	{"A13V1IB3VIYZZH", "FR", "France", Europe},
	{"AMEN7PMS3EDWL", "BE", "Belgium", Europe},
	{"A1805IZSGTT6HS", "NL", "Netherlands", Europe},
	{"A1PA6795UKMFR9", "DE", "Germany", Europe},
	{"APJ6JRA9NG5V4", "IT", "Italy", Europe},
	{"A2NODRKZP88ZB9", "SE", "Sweden", Europe},
	{"AE08WJ6YKNBMC", "ZA", "South Africa", Europe},
	{"A1C3SOZRARQ6R3", "PL", "Poland", Europe},
	{"ARBP9OOSHTCHU", "EG", "Egypt", Europe},
	{"A33AVAJ2PDY3EV", "TR", "Turkey", Europe},
	{"A17E79C6D8DWNP", "SA", "Saudi Arabia", Europe},
	{"A2VIGQ35RCS4UG", "AE", "United Arab Emirates", Europe},
	{"A21TJRUUN4KGV", "IN", "India", Europe},
	{"A19VAU5U5O7RUS", "SG", "Singapore", FarEast},
	{"A39IBJ37TRP1C6", "AU", "Australia", FarEast},
	{"A1VC38T7YXB528", "JP", "Japan", FarEast},
}

// Marketplaces returns every known marketplace.
func Marketplaces() []Marketplace { return slices.Clone(marketplaces) }

// MarketplaceByID returns the marketplace with the given ID.
func MarketplaceByID(id string) (Marketplace, bool) {
	for _, m := range marketplaces {
		if m.ID == id {
			return m, true
		}
	}
	return Marketplace{}, false
}

// MarketplaceRegion returns the region serving the marketplace ID.
func MarketplaceRegion(id string) (Region, bool) {
	m, ok := MarketplaceByID(id)
	return m.Region, ok
}
