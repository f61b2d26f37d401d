package spapitest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// uploadDestination answers createUploadDestinationForResource (Uploads
// API, which has no cases): a new upload destination whose URL is a
// presigned S3 URL on [UploadsHost] (a host other than the SP-API
// endpoint's, as on SP-API, so the runtime must not send its token there),
// bound to the request's contentMD5 and contentType, for the resource
// named by the path.
func (s *Server) uploadDestination(c *Call) *Reply {
	d := s.newDestination(strings.Trim(c.PathParams["resource"], "/"), c.Query.Get("contentType"), c.Query.Get("contentMD5"))
	id := d.id
	headers := map[string]any{}
	if d.md5 != "" {
		headers["Content-MD5"] = d.md5
	}
	if d.contentType != "" {
		headers["Content-Type"] = d.contentType
	}
	return &Reply{Status: http.StatusCreated, ContentType: "application/json",
		Body: map[string]any{"payload": map[string]any{"uploadDestinationId": id, "url": d.url, "headers": headers}},
		Note: "issued upload destination " + id + " for " + d.resource}
}

// newDestination issues an upload destination for resource: a presigned
// URL on UploadsHost that accepts one PUT with contentType (and, when
// given, contentMD5).
func (s *Server) newDestination(resource, contentType, contentMD5 string) *destination {
	n := s.seq.Add(1)
	id := fmt.Sprintf("sandbox-upload-%d", n)
	sig := newSignature()
	u := fmt.Sprintf("https://%s%s%s?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=%s&X-Amz-Expires=300&X-Amz-SignedHeaders=content-md5%%3Bcontent-type%%3Bhost&X-Amz-Signature=%s",
		UploadsHost, UploadsPath, id, s.now().Format("20060102T150405Z"), sig)
	d := &destination{id: id, url: u, md5: contentMD5, contentType: contentType, resource: resource, sig: sig}
	s.store.mu.Lock()
	s.store.dests[id] = d
	s.store.byURL[docKey(u)] = d
	s.store.mu.Unlock()
	return d
}

// UploadsHost is the host of the presigned upload URLs the sandbox
// issues; [Server.Transport] sends requests for it to the sandbox, which
// also answers them at its own URL under [UploadsPath].
const UploadsHost = "spgen-sandbox-uploads.s3.amazonaws.com"

// UploadURL is the URL (without the presigned query) of the upload
// destination id, as [Server.Document] finds its file.
func UploadURL(id string) string { return "https://" + UploadsHost + UploadsPath + id }

func newSignature() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
