package spapitest

import (
	"fmt"
	"net/http"
	"strings"
)

// dynamic answers the operations a workflow needs a fresh answer from
// when no static case matches a valid request:
//
//   - createUploadDestinationForResource (Uploads API, which has no cases):
//     a new upload destination whose URL is the sandbox's own presigned
//     upload URL, bound to the request's contentMD5;
//   - createRestrictedDataToken (Tokens API): a new Restricted Data Token
//     the sandbox then accepts as an access token.
//
// It reports whether it answered.
func (s *Server) dynamic(w http.ResponseWriter, r *http.Request, op *Operation, in *incoming) bool {
	switch op.ID {
	case "createUploadDestinationForResource":
		n := s.seq.Add(1)
		id := fmt.Sprintf("sandbox-upload-%d", n)
		u := fmt.Sprintf("http://%s%s%s", r.Host, UploadsPath, id)
		d := &destination{id: id, url: u, md5: in.query.Get("contentMD5"), contentType: in.query.Get("contentType"),
			resource: strings.Trim(in.path["resource"], "/")}
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
		s.log(r, op, http.StatusCreated, "issued upload destination "+id+" for "+d.resource)
		writeJSON(w, http.StatusCreated, "application/json", map[string]any{
			"payload": map[string]any{"uploadDestinationId": id, "url": u, "headers": headers},
		})
		return true
	case "createRestrictedDataToken":
		tok := fmt.Sprintf("Atz.sprdt|sandbox-restricted-data-token-%d", s.seq.Add(1))
		s.issue(tok)
		s.log(r, op, http.StatusOK, "issued a restricted data token")
		writeJSON(w, http.StatusOK, "application/json", map[string]any{"restrictedDataToken": tok, "expiresIn": tokenLifetime})
		return true
	}
	return false
}
