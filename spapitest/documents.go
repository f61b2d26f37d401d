package spapitest

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// store holds the documents uploaded to or registered with the sandbox,
// keyed by URL without the query (presigned URLs differ in their query
// only), and the upload destinations it issued.
type store struct {
	mu    sync.Mutex
	docs  map[string]*Document
	dests map[string]*destination // by uploadDestinationId
	byURL map[string]*destination
}

// Document is a file held by the sandbox's document store.
type Document struct {
	// URL is where the document lives (without the query).
	URL string
	// ContentType is the Content-Type it was uploaded with.
	ContentType string
	// Body is its content.
	Body []byte
}

type destination struct {
	id, url, md5, contentType, resource, sig string
	uploaded                                 bool
}

func newStore() *store {
	return &store{docs: map[string]*Document{}, dests: map[string]*destination{}, byURL: map[string]*destination{}}
}

func docKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}

// uploaded reports whether id names an upload destination the sandbox
// issued and received a file for.
func (st *store) uploaded(id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.dests[id]
	return d != nil && d.uploaded
}

// PutDocument registers a document at rawURL, e.g. the report a case's
// getReportDocument response points to, so that downloading it through
// [Server.Transport] gets body.
func (s *Server) PutDocument(rawURL, contentType string, body []byte) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	k := docKey(rawURL)
	s.store.docs[k] = &Document{URL: k, ContentType: contentType, Body: append([]byte(nil), body...)}
}

// Document returns the document uploaded to or registered at rawURL.
func (s *Server) Document(rawURL string) (*Document, bool) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	d, ok := s.store.docs[docKey(rawURL)]
	if !ok {
		return nil, false
	}
	cp := *d
	cp.Body = append([]byte(nil), d.Body...)
	return &cp, true
}

// Documents lists the URLs of the stored documents, sorted.
func (s *Server) Documents() []string {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	out := make([]string, 0, len(s.store.docs))
	for k := range s.store.docs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// serveDocument plays a presigned S3 URL: PUT stores the body, GET (and
// HEAD) returns it. A PUT to an upload destination issued with a
// contentMD5 must carry that Content-MD5 and a body that hashes to it, as
// S3 demands of presigned uploads; errors come in S3's XML shape.
//
// Faults configured for [DocumentStore] apply.
func (s *Server) serveDocument(w http.ResponseWriter, r *http.Request, rawURL string, ex *Exchange) {
	key := docKey(rawURL)
	spec, fault := s.faults.draw(DocumentStore)
	s.delay(r, spec)
	switch fault {
	case FaultResetBeforeRead:
		ex.Fault = fault
		s.reset(w, r, "injected fault "+fault)
		return
	case FaultResetAfterRead:
		ex.Fault = fault
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBody))
		s.reset(w, r, "injected fault "+fault)
		return
	case FaultInternalError:
		ex.Fault = fault
		s.logDoc(r, http.StatusInternalServerError, "injected fault "+fault)
		s3Error(w, http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
		return
	case FaultUnavailable:
		ex.Fault = fault
		s.logDoc(r, http.StatusServiceUnavailable, "injected fault "+fault)
		s3Error(w, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
		return
	}
	if h := unsignedAmzHeaders(r.Header); h != "" {
		// A presigned URL signs its x-amz-* headers; S3 refuses others
		// (an SP-API access token sent to storage among them).
		s.logDoc(r, http.StatusForbidden, "unsigned x-amz-* headers: "+h)
		s3Error(w, http.StatusForbidden, "AccessDenied", "There were headers present in the request which were not signed: "+h)
		return
	}
	switch r.Method {
	case http.MethodPut:
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			s3Error(w, http.StatusBadRequest, "IncompleteBody", err.Error())
			return
		}
		sum := md5.Sum(body)
		got := base64.StdEncoding.EncodeToString(sum[:])
		header := r.Header.Get("Content-MD5")
		s.store.mu.Lock()
		dest := s.store.byURL[key]
		s.store.mu.Unlock()
		switch {
		case dest != nil && r.URL.Query().Get("X-Amz-Signature") != dest.sig:
			s.logDoc(r, http.StatusForbidden, "presigned URL without its signature")
			s3Error(w, http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
			return
		case dest != nil && dest.md5 != "" && header == "":
			s.logDoc(r, http.StatusBadRequest, "upload without Content-MD5")
			s3Error(w, http.StatusBadRequest, "InvalidDigest", "The upload destination was created for content with MD5 "+dest.md5+"; the request has no Content-MD5 header.")
			return
		case dest != nil && dest.md5 != "" && header != dest.md5:
			s.logDoc(r, http.StatusForbidden, "Content-MD5 differs from the destination's")
			s3Error(w, http.StatusForbidden, "SignatureDoesNotMatch", "The Content-MD5 header does not match the contentMD5 the upload destination was created with.")
			return
		case dest != nil && dest.contentType != "" && r.Header.Get("Content-Type") != dest.contentType:
			s.logDoc(r, http.StatusForbidden, "Content-Type differs from the destination's")
			s3Error(w, http.StatusForbidden, "SignatureDoesNotMatch", "The Content-Type header does not match the contentType the upload destination was created with.")
			return
		case header != "" && header != got:
			s.logDoc(r, http.StatusBadRequest, "body does not hash to Content-MD5")
			s3Error(w, http.StatusBadRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.")
			return
		}
		s.store.mu.Lock()
		s.store.docs[key] = &Document{URL: key, ContentType: r.Header.Get("Content-Type"), Body: body}
		if dest != nil {
			dest.uploaded = true
		}
		s.store.mu.Unlock()
		hexSum := hex.EncodeToString(sum[:])
		w.Header().Set("ETag", `"`+hexSum+`"`)
		s.logDoc(r, http.StatusOK, "stored "+key)
		w.WriteHeader(http.StatusOK)
	case http.MethodGet, http.MethodHead:
		d, ok := s.Document(key)
		if !ok {
			s.logDoc(r, http.StatusNotFound, "no document at "+key)
			s3Error(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
			return
		}
		if d.ContentType != "" {
			w.Header().Set("Content-Type", d.ContentType)
		}
		switch fault {
		case FaultTruncatedDocument:
			ex.Fault = fault
			d.Body = d.Body[:len(d.Body)/2]
			s.logDoc(r, http.StatusOK, "injected fault "+fault)
		case FaultMislabelledDocument:
			ex.Fault = fault
			w.Header().Set("Content-Encoding", "gzip")
			s.logDoc(r, http.StatusOK, "injected fault "+fault)
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(d.Body)))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(d.Body)
		}
	default:
		s3Error(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
	}
}

// unsignedAmzHeaders lists the request's x-amz-* headers, lower case and
// comma-separated ("" when there are none).
func unsignedAmzHeaders(h http.Header) string {
	var names []string
	for k := range h {
		if strings.HasPrefix(strings.ToLower(k), "x-amz-") {
			names = append(names, strings.ToLower(k))
		}
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

func (s *Server) logDoc(r *http.Request, status int, msg string) {
	s.cfg.logger.Info("sandbox: documents: "+msg, "method", r.Method, "path", r.URL.Path, "status", status)
}

func s3Error(w http.ResponseWriter, status int, code, msg string) {
	var b bytes.Buffer
	b.WriteString(xml.Header + "<Error><Code>")
	_ = xml.EscapeText(&b, []byte(code))
	b.WriteString("</Code><Message>")
	_ = xml.EscapeText(&b, []byte(msg))
	b.WriteString("</Message></Error>")
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}
