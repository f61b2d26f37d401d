package spapitest

import (
	"fmt"
	"net/http"
	"strings"
)

// uploadDestination answers createUploadDestinationForResource (Uploads
// API, which has no cases): a new upload destination whose URL is the
// sandbox's own presigned upload URL, bound to the request's contentMD5
// and contentType, for the resource named by the path.
func (s *Server) uploadDestination(c *Call) *Reply {
	n := s.seq.Add(1)
	id := fmt.Sprintf("sandbox-upload-%d", n)
	u := fmt.Sprintf("%s%s%s", c.BaseURL(), UploadsPath, id)
	d := &destination{id: id, url: u, md5: c.Query.Get("contentMD5"), contentType: c.Query.Get("contentType"),
		resource: strings.Trim(c.PathParams["resource"], "/")}
	s.store.mu.Lock()
	s.store.dests[id] = d
	s.store.byURL[docKey(u)] = d
	s.store.mu.Unlock()
	headers := map[string]any{}
	if d.md5 != "" {
		headers["Content-MD5"] = d.md5
	}
	if d.contentType != "" {
		headers["Content-Type"] = d.contentType
	}
	return &Reply{Status: http.StatusCreated, ContentType: "application/json",
		Body: map[string]any{"payload": map[string]any{"uploadDestinationId": id, "url": u, "headers": headers}},
		Note: "issued upload destination " + id + " for " + d.resource}
}
