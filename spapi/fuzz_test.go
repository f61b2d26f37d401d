package spapi

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzCheckResponse: any status and body give nil for 2xx and an *Error
// carrying the status otherwise, never a panic, and the text never shows
// a token.
func FuzzCheckResponse(f *testing.F) {
	f.Add(400, []byte(`{"errors":[{"code":"InvalidInput","message":"bad","details":"x"}]}`), "0.5")
	f.Add(429, []byte(`{"errors":{"code":"QuotaExceeded","message":"slow down"}}`), "")
	f.Add(404, []byte(`{"errors":[{"code":5,"message":null,"details":{"a":[1,2]}}]}`), "abc")
	f.Add(500, []byte(`<html>`), "")
	f.Add(200, []byte(`{}`), "1")
	f.Add(403, []byte(`{"errors":[{"code":"Unauthorized","message":"token Atza|IwEBIabc expired"}]}`), "")
	f.Fuzz(func(t *testing.T, status int, body []byte, rate string) {
		if status < 100 || status > 999 {
			return
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{"X-Amzn-Ratelimit-Limit": {rate}}}
		err := CheckResponse(resp, body)
		if status >= 200 && status < 300 {
			if err != nil {
				t.Fatalf("2xx gave %v", err)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) || e.StatusCode != status {
			t.Fatalf("status %d gave %v", status, err)
		}
		if strings.Contains(e.Error(), "Atza|") {
			t.Fatalf("token in %q", e.Error())
		}
	})
}

// FuzzRedactURL: whatever URL goes in, a signature or security token
// parameter never comes out with its value.
func FuzzRedactURL(f *testing.F) {
	f.Add("https://b.s3.amazonaws.com/k?X-Amz-Signature=abcdef&X-Amz-Expires=300")
	f.Add("https://u:p@h/p?x-amz-security-token=FwoGZXIvYXdz&a=1")
	f.Add("%zz")
	f.Add("/relative?Signature=s&AWSAccessKeyId=k")
	f.Fuzz(func(t *testing.T, in string) {
		out := RedactURL(in)
		u, err := url.Parse(out)
		if err != nil {
			return
		}
		if pin, perr := url.Parse(in); perr == nil && pin.User != nil {
			if pw, ok := pin.User.Password(); ok && len(pw) >= 4 && strings.Contains(out, pw) && !strings.Contains(pin.Host+pin.Path+pin.RawQuery, pw) {
				t.Fatalf("password kept: %q → %q", in, out)
			}
		}
		for k, vs := range u.Query() {
			if !secretParams[strings.ToLower(k)] {
				continue
			}
			for _, v := range vs {
				if v != redacted {
					if _, perr := url.Parse(in); perr == nil {
						t.Fatalf("%s=%q survived: %q → %q", k, v, in, out)
					}
				}
			}
		}
	})
}
