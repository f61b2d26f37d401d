package mws

import (
	"net/url"
	"testing"
)

// Vectors worked out by hand from the Signature Version 2 specification;
// the expected signatures were computed once with
//
//	printf '<string to sign>' | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
var signVectors = []struct {
	name, method, host, path string
	params                   map[string]string
	stringToSign, signature  string
}{
	{
		name: "ListOrders", method: "POST", host: "MWS.amazonservices.com", path: "/Orders/2013-09-01",
		params: map[string]string{
			"AWSAccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Action": "ListOrders", "CreatedAfter": "2024-01-01T00:00:00Z",
			"MarketplaceId.Id.1": "ATVPDKIKX0DER", "SellerId": "A1EXAMPLE2SELLER", "SignatureMethod": "HmacSHA256",
			"SignatureVersion": "2", "Timestamp": "2024-03-05T14:30:00Z", "Version": "2013-09-01",
		},
		stringToSign: "POST\nmws.amazonservices.com\n/Orders/2013-09-01\n" +
			"AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Action=ListOrders&CreatedAfter=2024-01-01T00%3A00%3A00Z&MarketplaceId.Id.1=ATVPDKIKX0DER&SellerId=A1EXAMPLE2SELLER&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2024-03-05T14%3A30%3A00Z&Version=2013-09-01",
		signature: "XeVWuxG7cio8d89WV58dSjTB+aWZAMBHJxtekkf/HLo=",
	},
	{
		// Byte order (MWSAuthToken before MarketplaceIdList, Id.10 before
		// Id.2), '~' kept, space as %20, '*', '+', '/' and UTF-8 encoded,
		// and the root path of the Feeds API.
		name: "SubmitFeed", method: "POST", host: "mws.amazonservices.com", path: "",
		params: map[string]string{
			"AWSAccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Action": "SubmitFeed", "ContentMD5Value": "c5tPn/JlKU1ZdNoT0UpRCg==",
			"FeedType": "POST_ORDER_FULFILLMENT_DATA", "MWSAuthToken": "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaEXAMPLE",
			"MarketplaceIdList.Id.1": "ATVPDKIKX0DER", "MarketplaceIdList.Id.10": "A1F83G8C2ARO7P", "MarketplaceIdList.Id.2": "A2EUQ1WTGCTBG2",
			"Memo": "a b~c*d+e/ü", "Merchant": "A1EXAMPLE2SELLER", "SignatureMethod": "HmacSHA256", "SignatureVersion": "2",
			"Timestamp": "2024-03-05T14:30:00Z", "Version": "2009-01-01", "Signature": "ignored",
		},
		stringToSign: "POST\nmws.amazonservices.com\n/\n" +
			"AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Action=SubmitFeed&ContentMD5Value=c5tPn%2FJlKU1ZdNoT0UpRCg%3D%3D&FeedType=POST_ORDER_FULFILLMENT_DATA&MWSAuthToken=amzn.mws.4ea38b7b-f563-7709-4bae-87aeaEXAMPLE&MarketplaceIdList.Id.1=ATVPDKIKX0DER&MarketplaceIdList.Id.10=A1F83G8C2ARO7P&MarketplaceIdList.Id.2=A2EUQ1WTGCTBG2&Memo=a%20b~c%2Ad%2Be%2F%C3%BC&Merchant=A1EXAMPLE2SELLER&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2024-03-05T14%3A30%3A00Z&Version=2009-01-01",
		signature: "fR8dp/GmENGJHaW+4gJCcPzJJt0dLftL8+h0AJPpBU8=",
	},
}

func TestSignKnownVectors(t *testing.T) {
	for _, v := range signVectors {
		sts := StringToSign(v.method, v.host, v.path, v.params)
		if sts != v.stringToSign {
			t.Errorf("%s: string to sign\n got %q\nwant %q", v.name, sts, v.stringToSign)
		}
		if got := Sign([]byte(fakeSecret), sts); got != v.signature {
			t.Errorf("%s: signature %s, want %s", v.name, got, v.signature)
		}
		// The reference implementation the fake uses agrees.
		vals := url.Values{}
		for k, x := range v.params {
			vals.Set(k, x)
		}
		path := v.path
		if path == "" {
			path = "/"
		}
		if got := referenceSignature(fakeSecret, v.method, v.host, path, vals); got != v.signature {
			t.Errorf("%s: reference signature %s, want %s", v.name, got, v.signature)
		}
	}
}

func TestEncode(t *testing.T) {
	for in, want := range map[string]string{
		"AZaz09-_.~": "AZaz09-_.~", " ": "%20", "*": "%2A", "+": "%2B", "/": "%2F", "=": "%3D", "&": "%26",
		"ü": "%C3%BC", "\x00": "%00", "%": "%25", "€": "%E2%82%AC",
	} {
		if got := Encode(in); got != want {
			t.Errorf("Encode(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSignature checks the signer against the reference implementation
// on arbitrary parameter names and values.
func FuzzSignature(f *testing.F) {
	f.Add("Memo", "a b~c*d+e/ü", "SellerSKU", "MUG-RED-350")
	f.Add("A.1", "\x00\xff", "A.10", "=&%")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		if k1 == "" || k2 == "" || k1 == k2 || k1 == "Signature" || k2 == "Signature" {
			return
		}
		params := map[string]string{k1: v1, k2: v2, "Action": "ListOrders"}
		vals := url.Values{}
		for k, v := range params {
			vals.Set(k, v)
		}
		got := Sign([]byte(fakeSecret), StringToSign("POST", "mws.amazonservices.com", "/Orders/2013-09-01", params))
		if want := referenceSignature(fakeSecret, "POST", "mws.amazonservices.com", "/Orders/2013-09-01", vals); got != want {
			t.Fatalf("signature of %q differs from the reference: %s vs %s (query %s)", params, got, want, CanonicalQuery(params))
		}
	})
}
