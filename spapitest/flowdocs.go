package spapitest

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/url"
)

// The documents the flows produce (report documents, feed processing
// reports) live in the sandbox's document store under presigned URLs on
// DocumentsHost, as Amazon's live on S3.

// DocumentsHost is the host of the presigned URLs of the report documents
// and feed processing reports the flows produce; [Server.Transport] sends
// their downloads to the sandbox's document store.
const DocumentsHost = "tortuga-prod-na.s3-external-1.amazonaws.com"

// GzipDocuments stores the report documents and feed processing reports
// the flows produce gzip-compressed; getReportDocument and getFeedDocument
// then say compressionAlgorithm GZIP.
func GzipDocuments() Option { return func(c *config) { c.flow.gzip = true } }

// putFlowDocument stores a document a flow produced under id (gzip
// compressed with GzipDocuments) and returns its presigned URL.
func (s *Server) putFlowDocument(id string, body []byte) string {
	ct := "text/plain; charset=UTF-8"
	switch t := bytes.TrimSpace(body); {
	case len(t) > 0 && (t[0] == '{' || t[0] == '['):
		ct = "application/json; charset=UTF-8"
	case len(t) > 0 && t[0] == '<':
		ct = "text/xml; charset=UTF-8"
	}
	if s.cfg.flow.gzip {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write(body) // a bytes.Buffer does not fail
		_ = zw.Close()
		body = b.Bytes()
	}
	base := "https://" + DocumentsHost + "/spgen-sandbox/" + url.PathEscape(id)
	s.PutDocument(base, ct, body)
	return base + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=" + s.now().Format("20060102T150405Z") +
		"&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=" + newSignature()
}

// documentReply is a getReportDocument or getFeedDocument answer.
func documentReply(id, idKey, u string, gzipped bool) *Reply {
	body := map[string]any{idKey: id, "url": u}
	if gzipped {
		body["compressionAlgorithm"] = "GZIP"
	}
	return &Reply{Status: http.StatusOK, Body: body, Note: "document " + id}
}
