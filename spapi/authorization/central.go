package authorization

import "fmt"

// sellerCentral and vendorCentral are the Seller Central and Vendor
// Central base URLs by marketplace ID, from Amazon's "Seller Central URLs"
// and "Vendor Central URLs" tables (developer-docs.amazon.com/sp-api).
var (
	sellerCentral = map[string]string{
		"ATVPDKIKX0DER":  "https://sellercentral.amazon.com",
		"A2EUQ1WTGCTBG2": "https://sellercentral.amazon.ca",
		"A1AM78C64UM0Y8": "https://sellercentral.amazon.com.mx",
		"A2Q3Y263D00KWC": "https://sellercentral.amazon.com.br",
		"A1RKKUPIHCS9HS": "https://sellercentral-europe.amazon.com",
		"A1F83G8C2ARO7P": "https://sellercentral-europe.amazon.com",
		"A13V1IB3VIYZZH": "https://sellercentral-europe.amazon.com",
		"A1PA6795UKMFR9": "https://sellercentral-europe.amazon.com",
		"APJ6JRA9NG5V4":  "https://sellercentral-europe.amazon.com",
		"A28R8C7NBKEWEA": "https://sellercentral.amazon.ie",
		"AMEN7PMS3EDWL":  "https://sellercentral.amazon.com.be",
		"A1805IZSGTT6HS": "https://sellercentral.amazon.nl",
		"A2NODRKZP88ZB9": "https://sellercentral.amazon.se",
		"AE08WJ6YKNBMC":  "https://sellercentral.amazon.co.za",
		"A1C3SOZRARQ6R3": "https://sellercentral.amazon.pl",
		"ARBP9OOSHTCHU":  "https://sellercentral.amazon.eg",
		"A33AVAJ2PDY3EV": "https://sellercentral.amazon.com.tr",
		"A17E79C6D8DWNP": "https://sellercentral.amazon.sa",
		"A2VIGQ35RCS4UG": "https://sellercentral.amazon.ae",
		"A21TJRUUN4KGV":  "https://sellercentral.amazon.in",
		"A19VAU5U5O7RUS": "https://sellercentral.amazon.sg",
		"A39IBJ37TRP1C6": "https://sellercentral.amazon.com.au",
		"A1VC38T7YXB528": "https://sellercentral.amazon.co.jp",
	}
	vendorCentral = map[string]string{
		"ATVPDKIKX0DER":  "https://vendorcentral.amazon.com",
		"A2EUQ1WTGCTBG2": "https://vendorcentral.amazon.ca",
		"A1AM78C64UM0Y8": "https://vendorcentral.amazon.com.mx",
		"A2Q3Y263D00KWC": "https://vendorcentral.amazon.com.br",
		"A1RKKUPIHCS9HS": "https://vendorcentral.amazon.es",
		"A1F83G8C2ARO7P": "https://vendorcentral.amazon.co.uk",
		"A13V1IB3VIYZZH": "https://vendorcentral.amazon.fr",
		"A1PA6795UKMFR9": "https://vendorcentral.amazon.de",
		"APJ6JRA9NG5V4":  "https://vendorcentral.amazon.it",
		"A1805IZSGTT6HS": "https://vendorcentral.amazon.nl",
		"A2NODRKZP88ZB9": "https://vendorcentral.amazon.se",
		"A1C3SOZRARQ6R3": "https://vendorcentral.amazon.pl",
		"AMEN7PMS3EDWL":  "https://vendorcentral.amazon.com.be",
		"A33AVAJ2PDY3EV": "https://vendorcentral.amazon.com.tr",
		"A17E79C6D8DWNP": "https://vendorcentral.amazon.me",
		"A2VIGQ35RCS4UG": "https://vendorcentral.amazon.me",
		"ARBP9OOSHTCHU":  "https://vendorcentral.amazon.me",
		"A21TJRUUN4KGV":  "https://www.vendorcentral.in",
		"A1VC38T7YXB528": "https://vendorcentral.amazon.co.jp",
		"A39IBJ37TRP1C6": "https://vendorcentral.amazon.com.au",
		"A19VAU5U5O7RUS": "https://vendorcentral.amazon.com.sg",
		"AE08WJ6YKNBMC":  "https://vendorcentral.amazon.co.za",
	}
)

// SellerCentral returns the Seller Central base URL for a marketplace ID,
// where sellers consent to an application.
func SellerCentral(marketplaceID string) (string, error) {
	if u, ok := sellerCentral[marketplaceID]; ok {
		return u, nil
	}
	return "", fmt.Errorf("authorization: no Seller Central URL for marketplace %q", marketplaceID)
}

// VendorCentral returns the Vendor Central base URL for a marketplace ID,
// where vendors consent to an application.
func VendorCentral(marketplaceID string) (string, error) {
	if u, ok := vendorCentral[marketplaceID]; ok {
		return u, nil
	}
	return "", fmt.Errorf("authorization: no Vendor Central URL for marketplace %q", marketplaceID)
}
