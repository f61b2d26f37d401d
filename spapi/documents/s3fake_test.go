package documents

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// storage is a loopback stand-in for one presigned S3 object, for what the
// sandbox (package spapitest) does not play: a GET whose signature is
// wrong, answered as S3 does, with x-amz-request-id and an error body
// that echoes signing material.
type storage struct {
	*httptest.Server
	sig  string
	data []byte
}

func newStorage(t *testing.T, data []byte) *storage {
	s := &storage{sig: randHex(32), data: data}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// presign returns the object's presigned URL, with a security token as
// S3's carry.
func (s *storage) presign() string {
	return fmt.Sprintf("%s/bucket/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%%2F20240101%%2Fus-east-1%%2Fs3%%2Faws4_request&X-Amz-Security-Token=%s&X-Amz-Signature=%s",
		s.URL, "FwoGZXIvYXdzE"+randHex(12), s.sig)
}

func (s *storage) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("X-Amz-Signature") != s.sig {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("x-amz-request-id", "S3REQ"+randHex(4))
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><SignatureProvided>sig</SignatureProvided><StringToSign>AWS4-HMAC-SHA256 secret-material</StringToSign></Error>`)
		return
	}
	_, _ = w.Write(s.data)
}
