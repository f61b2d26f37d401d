package spapitest

import (
	"net/http"
	"net/url"
	"strings"
)

// ForwardedHostHeader and ForwardedProtoHeader tell the sandbox where a
// request was going: [Server.Transport] sets them, and a client outside Go
// (against gen sandbox) sends a document's presigned URL (an S3 or
// CloudFront host) to the sandbox's address with the URL's host in
// ForwardedHostHeader (and "https" in ForwardedProtoHeader) to reach the
// document store.
const (
	ForwardedHostHeader  = "X-Sandbox-Forwarded-Host"
	ForwardedProtoHeader = "X-Sandbox-Forwarded-Proto"

	forwardedHost  = ForwardedHostHeader
	forwardedProto = ForwardedProtoHeader
)

// Transport returns an http.RoundTripper that sends every request to the
// sandbox, whatever its host: SP-API endpoints (sellingpartnerapi-*.amazon.com)
// reach the operations, Login with Amazon (api.amazon.com/auth/o2/token)
// the token endpoint, and any other host (the S3 and CloudFront URLs that
// cases return for feed and report documents) the sandbox's document
// store, where a PUT stores a document and a GET returns it. Code under
// test can so keep its production URLs and only swap the transport:
//
//	c, err := spapi.New(cfg, spapi.WithTransport(sb.Transport()))
//
// The sandbox must be started ([Start] or [Server.Start]).
func (s *Server) Transport() http.RoundTripper {
	return &transport{s: s}
}

type transport struct{ s *Server }

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.s.ts == nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, errNoURL
	}
	base, _ := url.Parse(t.s.URL)
	if req.URL.Host == base.Host {
		return t.s.ts.Client().Transport.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.Header.Set(forwardedHost, req.URL.Host)
	out.Header.Set(forwardedProto, req.URL.Scheme)
	u := *req.URL
	u.Scheme, u.Host = base.Scheme, base.Host
	out.URL = &u
	out.Host = base.Host
	return t.s.ts.Client().Transport.RoundTrip(out)
}

// isSPAPIHost reports whether host is an SP-API endpoint.
func isSPAPIHost(host string) bool {
	h := strings.ToLower(hostOnly(host))
	return strings.HasPrefix(h, "sellingpartnerapi") && strings.HasSuffix(h, ".amazon.com")
}

// isLWAHost reports whether host is a Login with Amazon token host.
func isLWAHost(host string) bool {
	switch strings.ToLower(hostOnly(host)) {
	case "api.amazon.com", "api.amazon.co.uk", "api.amazon.co.jp":
		return true
	}
	return false
}

func hostOnly(host string) string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		return host[:i]
	}
	return host
}
