package spapitest_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/spgen/spgen/generated/feeds20210630"
	"github.com/spgen/spgen/generated/messaging"
	"github.com/spgen/spgen/generated/ordersv0"
	"github.com/spgen/spgen/generated/uploads20201101"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

const modelsDir = "../../shared/models/spapi"

// start serves the named models for one test.
func start(t *testing.T, models []string, opts ...spapitest.Option) *spapitest.Server {
	t.Helper()
	return spapitest.Start(t, append([]spapitest.Option{spapitest.Models(modelsDir), spapitest.Only(models...)}, opts...)...)
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) errors(t *testing.T) []spapi.ErrorDetail {
	t.Helper()
	var e struct {
		Errors []spapi.ErrorDetail `json:"errors"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil || len(e.Errors) == 0 {
		t.Fatalf("HTTP %d body %s is not an SP-API error list (%v)", r.status, r.body, err)
	}
	return e.Errors
}

// do sends a request through the sandbox's client to path (under sb.URL)
// or to a full URL, with header name/value pairs.
func do(t *testing.T, sb *spapitest.Server, method, path string, body string, header ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	u := path
	if !strings.Contains(path, "://") {
		u = sb.URL + path
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := sb.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, b}
}

const attributes = "/messaging/v1/orders/%s/attributes?marketplaceIds=ATVPDKIKX0DER"

func TestCasesMatchByPathParameter(t *testing.T) {
	sb := start(t, []string{"messaging.json"})
	r := do(t, sb, "GET", strings.Replace(attributes, "%s", "123-1234567-1234567", 1), "")
	if r.status != 200 || r.header.Get(spapitest.CaseHeader) != "messaging.json GetAttributes 200 #0" {
		t.Fatalf("HTTP %d case %q", r.status, r.header.Get(spapitest.CaseHeader))
	}
	if string(r.body) != `{"buyer":{"locale":"en-US"}}` || r.header.Get("Content-Type") != "application/hal+json" {
		t.Errorf("body %s, Content-Type %q", r.body, r.header.Get("Content-Type"))
	}
	if r.header.Get("x-amzn-RequestId") == "" {
		t.Error("no x-amzn-RequestId")
	}

	r = do(t, sb, "GET", strings.Replace(attributes, "%s", "123-1234567-0000000", 1), "")
	if r.status != 400 || r.header.Get(spapitest.CaseHeader) != "messaging.json GetAttributes 400 #0" || r.errors(t)[0].Code != "InvalidInput" {
		t.Fatalf("bad order: HTTP %d case %q body %s", r.status, r.header.Get(spapitest.CaseHeader), r.body)
	}

	// No case has this order: 404 (the mismatch is in the path) naming
	// the parameter, what it was and what a case expects.
	r = do(t, sb, "GET", strings.Replace(attributes, "%s", "999-0000000-0000000", 1), "")
	if r.status != 404 || r.header.Get(spapitest.CaseHeader) != "" {
		t.Fatalf("unknown order: HTTP %d case %q", r.status, r.header.Get(spapitest.CaseHeader))
	}
	e := r.errors(t)[0]
	if e.Code != "NotFound" || !strings.Contains(e.Message, `parameter "amazonOrderId" is "999-0000000-0000000"; the case expects "123-1234567-`) {
		t.Errorf("no-match error %+v", e)
	}
}

func TestSuccessCaseRequestsAreValidated(t *testing.T) {
	sb := start(t, []string{"messaging.json"})
	// The path matches the 200 case, but marketplaceIds is required.
	r := do(t, sb, "GET", "/messaging/v1/orders/123-1234567-1234567/attributes", "")
	if r.status != 400 || r.header.Get(spapitest.CaseHeader) != "" {
		t.Fatalf("HTTP %d case %q", r.status, r.header.Get(spapitest.CaseHeader))
	}
	if e := r.errors(t)[0]; e.Code != "InvalidInput" || !strings.Contains(e.Message, `query parameter "marketplaceIds"`) {
		t.Errorf("validation error %+v", e)
	}
	// The body must be JSON.
	r = do(t, sb, "POST", "/messaging/v1/orders/123-1234567-1234567/messages/confirmDeliveryDetails?marketplaceIds=A", "{")
	if r.status != 400 || !strings.Contains(r.errors(t)[0].Message, "not valid JSON") {
		t.Errorf("broken JSON: HTTP %d %s", r.status, r.body)
	}
	// Unknown paths and methods.
	if r := do(t, sb, "GET", "/nothing/here", ""); r.status != 404 {
		t.Errorf("unknown path: HTTP %d", r.status)
	}
	if r := do(t, sb, "DELETE", "/messaging/v1/orders/1/attributes", ""); r.status != 405 {
		t.Errorf("wrong method: HTTP %d", r.status)
	}
}

func TestQueryArraysAndNumbers(t *testing.T) {
	sb := start(t, []string{"feeds_2021-06-30.json"})
	r := do(t, sb, "GET", "/feeds/2021-06-30/feeds?feedTypes=POST_PRODUCT_DATA&pageSize=10&processingStatuses=CANCELLED,DONE", "")
	if r.status != 200 || r.header.Get(spapitest.CaseHeader) != "feeds_2021-06-30.json getFeeds 200 #0" {
		t.Fatalf("HTTP %d case %q body %s", r.status, r.header.Get(spapitest.CaseHeader), r.body)
	}
	// Order matters in an array; the message says what differs.
	r = do(t, sb, "GET", "/feeds/2021-06-30/feeds?feedTypes=POST_PRODUCT_DATA&pageSize=10&processingStatuses=DONE,CANCELLED", "")
	if r.status != 400 || !strings.Contains(r.errors(t)[0].Message, `parameter "processingStatuses" is "DONE,CANCELLED"; the case expects "CANCELLED,DONE"`) {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
	// Invalid against the model (pageSize is 1..100) and matching no case.
	r = do(t, sb, "GET", "/feeds/2021-06-30/feeds?pageSize=1000", "")
	if r.status != 400 || !strings.Contains(r.errors(t)[0].Message, `query parameter "pageSize"`) {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
}

func TestBodiesMatchByContainment(t *testing.T) {
	sb := start(t, []string{"feeds_2021-06-30.json"})
	// Extra fields and 1.0 for 1 are fine: the case's fields are all there.
	body := `{"feedType":"POST_PRODUCT_DATA","marketplaceIds":["ATVPDKIKX0DER","A1F83G8C2ARO7P"],"inputFeedDocumentId":"3d4e42b5-1d6e-44e8-a89c-2abfca0625bb","feedOptions":{"k":"v"}}`
	r := do(t, sb, "POST", "/feeds/2021-06-30/feeds", body)
	if r.status != 202 || string(r.body) != `{"feedId":"3485934"}` {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
	body = `{"feedType":"POST_PRODUCT_DATA","marketplaceIds":["ATVPDKIKX0DER"],"inputFeedDocumentId":"3d4e42b5-1d6e-44e8-a89c-2abfca0625bb"}`
	r = do(t, sb, "POST", "/feeds/2021-06-30/feeds", body)
	if r.status != 400 || !strings.Contains(r.errors(t)[0].Message, `parameter "body.marketplaceIds" is an array of 1; the case expects an array of 2`) {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
	// A deliberately bad request (feedType missing) gets its error case
	// although it is invalid against the model.
	r = do(t, sb, "POST", "/feeds/2021-06-30/feeds", `{"marketplaceIds":["ATVPDKIKX0DER","A1F83G8C2ARO7P"],"inputFeedDocumentId":"badDocumentId"}`)
	if r.status != 400 || r.header.Get(spapitest.CaseHeader) != "feeds_2021-06-30.json createFeed 400 #0" {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
}

func TestMostSpecificCaseAndSelection(t *testing.T) {
	sb := start(t, []string{"services.json"})
	path := "/service/v1/serviceJobs/validJobId-1-9cb9bc29-3d7d-5e49-5709-efb693t25687/appointments/validAppointmentId-1-9cb9bc29-3d7d-5e49-5709-efb693t25687_87b9d5f2-839d-y13e-sd4d-dae1c3996s3d/resources"
	// {"resources": []} matches both the {} case and the {"resources": []}
	// case; the more specific answers.
	r := do(t, sb, "PUT", path, `{"resources":[]}`)
	if got := r.header.Get(spapitest.CaseHeader); got != "services.json assignAppointmentResources 400 #4" {
		t.Fatalf("answered by %q", got)
	}
	// Naming the other matching case picks it, and says which case would
	// have answered otherwise.
	r = do(t, sb, "PUT", path, `{"resources":[]}`, spapitest.CaseHeader, "services.json assignAppointmentResources 400 #3")
	if got := r.header.Get(spapitest.CaseHeader); got != "services.json assignAppointmentResources 400 #3" ||
		r.header.Get(spapitest.DefaultCaseHeader) != "services.json assignAppointmentResources 400 #4" {
		t.Fatalf("answered by %q (default %q)", got, r.header.Get(spapitest.DefaultCaseHeader))
	}
	// Naming a case the request does not match changes nothing.
	r = do(t, sb, "PUT", path, `{"resources":[]}`, spapitest.CaseHeader, "services.json assignAppointmentResources 200 #0")
	if got := r.header.Get(spapitest.CaseHeader); got != "services.json assignAppointmentResources 400 #4" || r.header.Get(spapitest.DefaultCaseHeader) != "" {
		t.Fatalf("answered by %q", got)
	}
}

func TestErrorShapeFollowsTheModel(t *testing.T) {
	// getTransactionStatus declares its 400 as a list of errors and has no
	// cases: the sandbox says so in that shape.
	sb := start(t, []string{"vendorDirectFulfillmentTransactions_2021-12-28.json"})
	r := do(t, sb, "GET", "/vendor/directFulfillment/transactions/2021-12-28/transactions/abc", "")
	if r.status != 400 || !strings.Contains(r.errors(t)[0].Message, "getTransactionStatus has no sandbox cases") {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
}

// TestRuntimeAgainstSandbox runs the whole spapi stack against the
// sandbox: an LWA token from its token endpoint, a Restricted Data Token
// for a restricted operation, the generated client decoding the case.
func TestRuntimeAgainstSandbox(t *testing.T) {
	sb := start(t, []string{"ordersV0.json", "tokens_2021-03-01.json"}, spapitest.RequireAuth())
	c, err := spapi.New(sb.Config(), spapi.WithTransport(sb.Transport()))
	if err != nil {
		t.Fatal(err)
	}
	orders, err := ordersv0.New(c)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := orders.GetOrder(context.Background(), "TEST_CASE_200")
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.GetPayload().AmazonOrderID; got != "902-1845936-5435065" {
		t.Fatalf("order %q", got)
	}

	// Without a token the sandbox refuses, as SP-API does.
	plain, _ := ordersv0.NewWithServer(sb.URL, ordersv0.WithHTTPClient(sb.Client()))
	_, err = plain.GetOrder(context.Background(), "TEST_CASE_200")
	var se *spapi.Error
	if !errors.As(err, &se) || se.StatusCode != 403 || !se.HasCode("Unauthorized") {
		t.Fatalf("without a token: %v", err)
	}
}

func TestTokenEndpointErrors(t *testing.T) {
	sb := start(t, []string{"tokens_2021-03-01.json"})
	post := func(form url.Values) (int, map[string]any) {
		resp, err := http.PostForm(sb.URL+spapitest.TokenPath, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, out
	}
	if code, out := post(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"r"}}); code != 401 || out["error"] != "invalid_client" {
		t.Errorf("no client: %d %v", code, out)
	}
	if code, out := post(url.Values{"grant_type": {"password"}, "client_id": {"a"}, "client_secret": {"b"}}); code != 400 || out["error"] != "unsupported_grant_type" {
		t.Errorf("bad grant: %d %v", code, out)
	}
	if code, out := post(url.Values{"grant_type": {"client_credentials"}, "client_id": {"a"}, "client_secret": {"b"}, "scope": {spapi.ScopeNotifications}}); code != 200 || out["token_type"] != "bearer" || out["refresh_token"] != nil {
		t.Errorf("grantless: %d %v", code, out)
	}
}

// TestMessagingWithAttachment uploads a file to an upload destination the
// sandbox issues (Content-MD5 checked as S3 does) and sends a message that
// names it: the destination stands in for the ID Amazon's case names.
func TestMessagingWithAttachment(t *testing.T) {
	sb := start(t, []string{"uploads_2020-11-01.json", "messaging.json"})
	ctx := context.Background()
	content := []byte("Terms and conditions\n")
	sum := md5.Sum(content)
	contentMD5 := base64.StdEncoding.EncodeToString(sum[:])
	const order = "123-1234567-1234567"

	up, _ := uploads20201101.NewWithServer(sb.URL, uploads20201101.WithHTTPClient(sb.Client()))
	dest, err := up.CreateUploadDestinationForResource(ctx,
		"messaging/v1/orders/"+order+"/messages/legalDisclosure",
		&uploads20201101.CreateUploadDestinationForResourceParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}, ContentMD5: contentMD5})
	if err != nil {
		t.Fatal(err)
	}
	p := dest.GetPayload()
	if p.URL == nil || p.UploadDestinationID == nil {
		t.Fatalf("destination %+v", p)
	}

	msg, _ := messaging.NewWithServer(sb.URL, messaging.WithHTTPClient(sb.Client()))
	var md spapi.ResponseMetadata
	send := func() (*messaging.CreateLegalDisclosureResponse, error) {
		return msg.CreateLegalDisclosure(ctx, order, &messaging.CreateLegalDisclosureParams{MarketplaceIds: []string{"ATVPDKIKX0DER"}},
			messaging.CreateLegalDisclosureRequest{Attachments: []messaging.Attachment{
				{UploadDestinationID: *p.UploadDestinationID, FileName: "AmazonMotors.txt"},
				{UploadDestinationID: *p.UploadDestinationID, FileName: "AmazonMotors.txt"},
			}}, spapi.WithMetadata(&md))
	}
	// Before the upload the destination is not a file yet: no case matches.
	if _, err := send(); err == nil || !strings.Contains(err.Error(), "uploadDestinationId") {
		t.Fatalf("sending before the upload: %v", err)
	}

	put := func(body []byte, md5Header string) int {
		req, _ := http.NewRequest("PUT", *p.URL, bytes.NewReader(body))
		if md5Header != "" {
			req.Header.Set("Content-MD5", md5Header)
		}
		resp, err := sb.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := put(content, ""); code != 400 {
		t.Errorf("upload without Content-MD5: %d", code)
	}
	if code := put([]byte("tampered"), contentMD5); code != 400 {
		t.Errorf("upload of other content: %d", code)
	}
	if code := put(content, contentMD5); code != 200 {
		t.Fatalf("upload: %d", code)
	}
	if _, err := send(); err != nil {
		t.Fatal(err)
	}
	if md.StatusCode != 201 || md.Header.Get(spapitest.CaseHeader) != "messaging.json createLegalDisclosure 201 #0" {
		t.Fatalf("HTTP %d, case %q", md.StatusCode, md.Header.Get(spapitest.CaseHeader))
	}
	if d, ok := sb.Document(*p.URL); !ok || !bytes.Equal(d.Body, content) {
		t.Errorf("stored document %v %v", d, ok)
	}
}

// TestFeedDocumentThroughTransport uploads a feed to the CloudFront URL
// Amazon's case returns: the sandbox's transport sends it to the
// sandbox's document store.
func TestFeedDocumentThroughTransport(t *testing.T) {
	sb := start(t, []string{"feeds_2021-06-30.json"})
	ctx := context.Background()
	feeds, _ := feeds20210630.NewWithServer(sb.URL, feeds20210630.WithHTTPClient(sb.Client()))
	doc, err := feeds.CreateFeedDocument(ctx, feeds20210630.CreateFeedDocumentSpecification{ContentType: "text/tab-separated-values; charset=UTF-8"})
	if err != nil {
		t.Fatal(err)
	}
	u := doc.URL
	if !strings.HasPrefix(u, "https://d34o8swod1owfl.cloudfront.net/") {
		t.Fatalf("url %q", u)
	}
	req, _ := http.NewRequest("PUT", u, strings.NewReader("sku\tprice\n"))
	req.Header.Set("Content-Type", "text/tab-separated-values; charset=UTF-8")
	resp, err := sb.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("PUT: %d", resp.StatusCode)
	}
	resp, err = sb.Client().Get(u + "?X-Amz-Signature=abc")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "sku\tprice\n" {
		t.Fatalf("GET: %d %q", resp.StatusCode, b)
	}
	resp, err = sb.Client().Get("https://tppa-sandbox.s3.amazonaws.com/missing")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(string(b), "<Code>NoSuchKey</Code>") {
		t.Fatalf("missing document: %d %s", resp.StatusCode, b)
	}
	if got := sb.Documents(); len(got) != 1 || got[0] != "https://d34o8swod1owfl.cloudfront.net/Feed_101__POST_PRODUCT_DATA_.xml" {
		t.Errorf("documents %v", got)
	}
}

func TestConcurrentRequests(t *testing.T) {
	sb := start(t, []string{"messaging.json"})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			r := do(t, sb, "GET", strings.Replace(attributes, "%s", "123-1234567-1234567", 1), "")
			if r.status != 200 {
				t.Errorf("HTTP %d", r.status)
			}
		})
	}
	wg.Wait()
}

func TestModelSelection(t *testing.T) {
	sb := start(t, []string{"messaging.json", "feeds_2021-06-30.json"})
	var files []string
	for _, m := range sb.Models() {
		files = append(files, m.File)
	}
	if strings.Join(files, " ") != "feeds-api-model/feeds_2021-06-30.json messaging-api-model/messaging.json" {
		t.Errorf("models %v", files)
	}
	t.Setenv(spapitest.ModelsEnv, "")
	if _, err := spapitest.New(); err == nil || !strings.Contains(err.Error(), spapitest.ModelsEnv) {
		t.Fatalf("err = %v", err)
	}
	if _, err := spapitest.New(spapitest.Models(modelsDir), spapitest.Only("nope.json")); err == nil || !strings.Contains(err.Error(), "nope.json") {
		t.Fatalf("err = %v", err)
	}
	t.Setenv(spapitest.ModelsEnv, modelsDir)
	if s, err := spapitest.New(spapitest.Only("messaging.json")); err != nil || len(s.Models()) != 1 {
		t.Fatalf("from $%s: %v", spapitest.ModelsEnv, err)
	}
}
