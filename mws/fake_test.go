package mws

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Credentials the fake knows.
const (
	fakeAccessKey = "AKIAIOSFODNN7EXAMPLE"
	fakeSecret    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	fakeSeller    = "A1EXAMPLE2SELLER"
	fakeAuthToken = "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaEXAMPLE"
)

// referenceSignature is a second, independent implementation of Signature
// Version 2, the way AWS's own examples build it: url.Values.Encode (keys
// sorted, form encoding) turned into RFC 3986 by fixing the three places
// where the two differ.
func referenceSignature(secret, method, host, path string, params url.Values) string {
	v := url.Values{}
	for k, vs := range params {
		if k != "Signature" {
			v[k] = vs
		}
	}
	query := strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(v.Encode())
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%s\n%s\n%s\n%s", method, strings.ToLower(host), path, query)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// fakeMWS is a loopback stand-in for MWS speaking its wire format: signed
// form posts (query string for SubmitFeed), XML responses in the APIs'
// namespaces, <ErrorResponse> errors and 503 RequestThrottled. It verifies
// every request's signature with referenceSignature and rejects a bad one
// with 403 SignatureDoesNotMatch, as MWS does.
type fakeMWS struct {
	*httptest.Server
	mu        sync.Mutex
	calls     []string       // actions, in order
	verified  int            // requests whose signature checked out
	throttle  map[string]int // action → how many 503s to answer first
	feedBytes int64          // size of the last feed body
	feedMD5   string         // its MD5, computed while reading
	feeds     map[string][]byte
	// corruptMD5 makes GetFeedSubmissionResult send a Content-MD5 that
	// does not match the body.
	corruptMD5 bool
}

func newFakeMWS() *fakeMWS {
	f := &fakeMWS{throttle: map[string]int{}, feeds: map[string][]byte{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

func mwsError(w http.ResponseWriter, status int, typ, code, msg string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0"?>
<ErrorResponse xmlns="https://mws.amazonservices.com/"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error><RequestID>req-%d</RequestID></ErrorResponse>`, typ, code, msg, time.Now().UnixNano())
}

func (f *fakeMWS) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		mwsError(w, 400, "Sender", "InvalidHttpMethod", "POST required")
		return
	}
	params := r.URL.Query()
	isFeed := params.Get("Action") == "SubmitFeed"
	if !isFeed {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			mwsError(w, 400, "Sender", "InvalidParameterValue", "form body expected, got "+ct)
			return
		}
		if err := r.ParseForm(); err != nil {
			mwsError(w, 400, "Sender", "InvalidParameterValue", err.Error())
			return
		}
		params = r.PostForm
	}
	action := params.Get("Action")
	f.mu.Lock()
	f.calls = append(f.calls, action)
	f.mu.Unlock()

	versions := map[string]string{"/Orders/2013-09-01": "2013-09-01", "/Products/2011-10-01": "2011-10-01", "/": "2009-01-01"}
	seller := "SellerId"
	if r.URL.Path == "/" {
		seller = "Merchant"
	}
	ts, err := time.Parse("2006-01-02T15:04:05Z", params.Get("Timestamp"))
	switch {
	case params.Get("AWSAccessKeyId") != fakeAccessKey:
		mwsError(w, 401, "Sender", "InvalidAccessKeyId", "unknown access key")
		return
	case params.Get("SignatureVersion") != "2" || params.Get("SignatureMethod") != "HmacSHA256":
		mwsError(w, 400, "Sender", "InvalidParameterValue", "SignatureVersion 2 with HmacSHA256 required")
		return
	case err != nil || time.Since(ts).Abs() > 15*time.Minute:
		mwsError(w, 400, "Sender", "RequestExpired", "Timestamp missing or too far from now")
		return
	case params.Get("Version") != versions[r.URL.Path]:
		mwsError(w, 400, "Sender", "InvalidParameterValue", "Version does not match "+r.URL.Path)
		return
	case params.Get(seller) != fakeSeller:
		mwsError(w, 401, "Sender", "AccessDenied", seller+" missing or wrong")
		return
	case params.Get("MWSAuthToken") != fakeAuthToken:
		mwsError(w, 401, "Sender", "AccessDenied", "MWSAuthToken missing or wrong")
		return
	}
	want := referenceSignature(fakeSecret, r.Method, r.Host, r.URL.Path, params)
	if !hmac.Equal([]byte(want), []byte(params.Get("Signature"))) {
		mwsError(w, 403, "Sender", "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
		return
	}
	f.mu.Lock()
	f.verified++
	throttled := f.throttle[action] > 0
	if throttled {
		f.throttle[action]--
	}
	f.mu.Unlock()
	if throttled {
		mwsError(w, 503, "Sender", "RequestThrottled", "Request is throttled")
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	switch action {
	case "ListOrders", "ListOrdersByNextToken":
		f.listOrders(w, action, params)
	case "GetOrder":
		fmt.Fprintf(w, `<?xml version="1.0"?><GetOrderResponse xmlns="https://mws.amazonservices.com/Orders/2013-09-01"><GetOrderResult><Orders>%s</Orders></GetOrderResult><ResponseMetadata><RequestId>r-get</RequestId></ResponseMetadata></GetOrderResponse>`,
			orderXML(params.Get("AmazonOrderId.Id.1")))
	case "ListOrderItems", "ListOrderItemsByNextToken":
		f.listOrderItems(w, action, params)
	case "GetMatchingProduct":
		f.getMatchingProduct(w, params)
	case "SubmitFeed":
		f.submitFeed(w, r, params)
	case "GetFeedSubmissionResult":
		body := f.feeds[params.Get("FeedSubmissionId")]
		if body == nil {
			mwsError(w, 400, "Sender", "InvalidParameterValue", "unknown FeedSubmissionId")
			return
		}
		sum := md5.Sum(body)
		if f.corruptMD5 {
			sum = md5.Sum(append(body[:len(body):len(body)], 'x'))
		}
		w.Header().Set("Content-MD5", base64.StdEncoding.EncodeToString(sum[:]))
		w.Write(body)
	default:
		mwsError(w, 400, "Sender", "InvalidAction", "unknown action "+action)
	}
}

func orderXML(id string) string {
	return `<Order><AmazonOrderId>` + id + `</AmazonOrderId><PurchaseDate>2024-03-01T10:00:00Z</PurchaseDate><LastUpdateDate>2024-03-02T10:00:00Z</LastUpdateDate>` +
		`<OrderStatus>Unshipped</OrderStatus><FulfillmentChannel>MFN</FulfillmentChannel><SalesChannel>Amazon.com</SalesChannel>` +
		`<ShippingAddress><Name>Jane Doe</Name><AddressLine1>1 Main St</AddressLine1><City>Seattle</City><StateOrRegion>WA</StateOrRegion><PostalCode>98101</PostalCode><CountryCode>US</CountryCode></ShippingAddress>` +
		`<OrderTotal><CurrencyCode>USD</CurrencyCode><Amount>19.90</Amount></OrderTotal><NumberOfItemsShipped>0</NumberOfItemsShipped><NumberOfItemsUnshipped>1</NumberOfItemsUnshipped>` +
		`<MarketplaceId>ATVPDKIKX0DER</MarketplaceId><IsPrime>true</IsPrime></Order>`
}

// listOrders serves three pages of two orders: no token → page 1,
// "tok2" → page 2, "tok3" → page 3.
func (f *fakeMWS) listOrders(w http.ResponseWriter, action string, p url.Values) {
	page, next := 1, "tok2"
	if action == "ListOrdersByNextToken" {
		switch p.Get("NextToken") {
		case "tok2":
			page, next = 2, "tok3"
		case "tok3":
			page, next = 3, ""
		default:
			mwsError(w, 400, "Sender", "InvalidParameterValue", "bad NextToken")
			return
		}
	} else if p.Get("MarketplaceId.Id.1") == "" || (p.Get("CreatedAfter") == "" && p.Get("LastUpdatedAfter") == "") {
		mwsError(w, 400, "Sender", "InvalidParameterValue", "MarketplaceId and CreatedAfter or LastUpdatedAfter are required")
		return
	}
	token := ""
	if next != "" {
		token = "<NextToken>" + next + "</NextToken>"
	}
	fmt.Fprintf(w, `<?xml version="1.0"?><%sResponse xmlns="https://mws.amazonservices.com/Orders/2013-09-01"><%sResult>%s<CreatedBefore>2024-03-05T14:28:00Z</CreatedBefore><Orders>%s%s</Orders></%sResult><ResponseMetadata><RequestId>r-%d</RequestId></ResponseMetadata></%sResponse>`,
		action, action, token, orderXML(fmt.Sprintf("112-000000%d-0000001", page)), orderXML(fmt.Sprintf("112-000000%d-0000002", page)), action, page, action)
}

func (f *fakeMWS) listOrderItems(w http.ResponseWriter, action string, p url.Values) {
	item := func(sku string) string {
		return `<OrderItem><ASIN>B00EXAMPLE</ASIN><SellerSKU>` + sku + `</SellerSKU><OrderItemId>` + sku + `-id</OrderItemId><Title>Mug</Title><QuantityOrdered>1</QuantityOrdered><QuantityShipped>0</QuantityShipped><ItemPrice><CurrencyCode>USD</CurrencyCode><Amount>19.90</Amount></ItemPrice></OrderItem>`
	}
	body, token := item("MUG-1"), "<NextToken>items2</NextToken>"
	if action == "ListOrderItemsByNextToken" {
		if p.Get("NextToken") != "items2" {
			mwsError(w, 400, "Sender", "InvalidParameterValue", "bad NextToken")
			return
		}
		body, token = item("MUG-2"), ""
	}
	fmt.Fprintf(w, `<?xml version="1.0"?><%sResponse xmlns="https://mws.amazonservices.com/Orders/2013-09-01"><%sResult>%s<AmazonOrderId>%s</AmazonOrderId><OrderItems>%s</OrderItems></%sResult></%sResponse>`,
		action, action, token, p.Get("AmazonOrderId"), body, action, action)
}

func (f *fakeMWS) getMatchingProduct(w http.ResponseWriter, p url.Values) {
	var b strings.Builder
	for i := 1; p.Get(fmt.Sprintf("ASINList.ASIN.%d", i)) != ""; i++ {
		asin := p.Get(fmt.Sprintf("ASINList.ASIN.%d", i))
		if strings.HasPrefix(asin, "B0") {
			fmt.Fprintf(&b, `<GetMatchingProductResult ASIN="%s" status="Success"><Product xmlns:ns2="http://mws.amazonservices.com/schema/Products/2011-10-01/default.xsd"><Identifiers><MarketplaceASIN><MarketplaceId>%s</MarketplaceId><ASIN>%s</ASIN></MarketplaceASIN></Identifiers><AttributeSets><ns2:ItemAttributes xml:lang="en-US"><ns2:Brand>Acme</ns2:Brand><ns2:Title>Red Mug 350 ml</ns2:Title></ns2:ItemAttributes></AttributeSets><Relationships/><SalesRankings><SalesRank><ProductCategoryId>kitchen_display_on_website</ProductCategoryId><Rank>1234</Rank></SalesRank></SalesRankings></Product></GetMatchingProductResult>`,
				asin, p.Get("MarketplaceId"), asin)
		} else {
			fmt.Fprintf(&b, `<GetMatchingProductResult ASIN="%s" status="ClientError"><Error><Type>Sender</Type><Code>InvalidParameterValue</Code><Message>Invalid ASIN %s</Message></Error></GetMatchingProductResult>`, asin, asin)
		}
	}
	fmt.Fprintf(w, `<?xml version="1.0"?><GetMatchingProductResponse xmlns="http://mws.amazonservices.com/schema/Products/2011-10-01">%s<ResponseMetadata><RequestId>r-p</RequestId></ResponseMetadata></GetMatchingProductResponse>`, b.String())
}

// submitFeed hashes the body while reading it (never holding it) and
// checks it against the signed ContentMD5Value.
func (f *fakeMWS) submitFeed(w http.ResponseWriter, r *http.Request, p url.Values) {
	h := md5.New()
	head := &prefixWriter{max: 4096}
	n, err := io.Copy(io.MultiWriter(h, head), r.Body)
	if err != nil {
		mwsError(w, 400, "Sender", "InvalidParameterValue", err.Error())
		return
	}
	sum := base64.StdEncoding.EncodeToString(h.Sum(nil))
	f.mu.Lock()
	f.feedBytes, f.feedMD5 = n, sum
	id := fmt.Sprint(50001 + len(f.feeds))
	f.feeds[id] = []byte(`<?xml version="1.0" encoding="UTF-8"?><AmazonEnvelope><Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>` + fakeSeller + `</MerchantIdentifier></Header><MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>` + id + `</DocumentTransactionID><StatusCode>Complete</StatusCode><ProcessingSummary><MessagesProcessed>1</MessagesProcessed><MessagesSuccessful>1</MessagesSuccessful><MessagesWithError>0</MessagesWithError><MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary></ProcessingReport></Message></AmazonEnvelope>`)
	f.mu.Unlock()
	if sum != p.Get("ContentMD5Value") || r.Header.Get("Content-MD5") != sum {
		mwsError(w, 400, "Sender", "ContentMD5DoesNotMatch", "the calculated MD5 hash of the feed does not match ContentMD5Value")
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/xml") || !strings.Contains(string(head.b), "<AmazonEnvelope") {
		mwsError(w, 400, "Sender", "InvalidParameterValue", "an XML feed is expected")
		return
	}
	fmt.Fprintf(w, `<?xml version="1.0"?><SubmitFeedResponse xmlns="http://mws.amazonaws.com/doc/2009-01-01/"><SubmitFeedResult><FeedSubmissionInfo><FeedSubmissionId>%s</FeedSubmissionId><FeedType>%s</FeedType><SubmittedDate>2024-03-05T14:31:00+00:00</SubmittedDate><FeedProcessingStatus>_SUBMITTED_</FeedProcessingStatus></FeedSubmissionInfo></SubmitFeedResult><ResponseMetadata><RequestId>r-feed</RequestId></ResponseMetadata></SubmitFeedResponse>`,
		id, p.Get("FeedType"))
}

// prefixWriter keeps the first max bytes written to it.
type prefixWriter struct {
	b   []byte
	max int
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	if room := p.max - len(p.b); room > 0 {
		p.b = append(p.b, b[:min(room, len(b))]...)
	}
	return len(b), nil
}

// clientFor returns a Client of the fake's seller.
func clientFor(f *fakeMWS, opts ...Option) *Client {
	c, err := New(Config{Endpoint: f.URL, AccessKeyID: fakeAccessKey, SecretKey: fakeSecret, SellerID: fakeSeller, AuthToken: fakeAuthToken},
		append([]Option{WithRetries(5, time.Millisecond)}, opts...)...)
	if err != nil {
		panic(err)
	}
	return c
}
