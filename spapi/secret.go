package spapi

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// redacted replaces every secret this package prints.
const redacted = "[REDACTED]"

// Secret is a credential: an LWA client secret or refresh token. Its value is
// available with [Secret.Value]; every other way of printing it (fmt verbs,
// log/slog, encoding/json) shows "[REDACTED]", so a Config logged by mistake
// leaks nothing.
type Secret string

// Value returns the secret itself.
func (s Secret) Value() string { return string(s) }

// String returns "[REDACTED]" (or "" for an empty secret).
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString returns the same as String, for %#v.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// Format implements fmt.Formatter so that no verb (%s, %v, %q, %x, ...) prints
// the value.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		fmt.Fprintf(f, "%q", s.String())
	default:
		fmt.Fprint(f, s.String())
	}
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText implements encoding.TextMarshaler, so JSON and similar
// encoders write "[REDACTED]".
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// tokenPattern matches Login with Amazon access and refresh tokens and
// Restricted Data Tokens as Amazon issues them ("Atza|…", "Atzr|…",
// "Atz.sprdt|…"), wherever they appear in text.
var tokenPattern = regexp.MustCompile(`Atz[A-Za-z.]*\|[^\s"',;&]+`)

// knownSecrets holds every secret value this process has handled — client
// secrets, refresh tokens, access tokens and RDTs — so that text from outside
// (an error body that echoes a token, say) can be scrubbed of them even when
// they do not look like Amazon's. It keeps the most recent values only.
var knownSecrets = &secretSet{max: 512}

type secretSet struct {
	mu   sync.RWMutex
	max  int
	vals []string
	idx  map[string]bool
}

// minSecretLen keeps very short test values from scrubbing ordinary words.
const minSecretLen = 6

func (s *secretSet) add(v string) {
	if len(v) < minSecretLen {
		return
	}
	s.mu.RLock()
	seen := s.idx[v]
	s.mu.RUnlock()
	if seen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idx == nil {
		s.idx = map[string]bool{}
	}
	if s.idx[v] {
		return
	}
	if len(s.vals) >= s.max {
		delete(s.idx, s.vals[0])
		s.vals = s.vals[1:]
	}
	s.vals = append(s.vals, v)
	s.idx[v] = true
}

func (s *secretSet) scrub(text string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, v := range s.vals {
		if strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, redacted)
		}
	}
	return text
}

// Scrub returns text with every credential it contains replaced by
// "[REDACTED]": anything shaped like an Amazon token and every secret or
// token this process has used. Errors and log lines of this package pass
// through it; use it for any text built from SP-API responses you print.
func Scrub(text string) string {
	text = knownSecrets.scrub(text)
	if strings.Contains(text, "Atz") {
		text = tokenPattern.ReplaceAllString(text, redacted)
	}
	return text
}

// secretParams are query parameters whose values are credentials: the
// signature parts of presigned S3 URLs and OAuth parameters.
var secretParams = map[string]bool{
	"x-amz-signature":      true,
	"x-amz-credential":     true,
	"x-amz-security-token": true,
	"signature":            true,
	"awsaccesskeyid":       true,
	"access_token":         true,
	"refresh_token":        true,
	"client_secret":        true,
	"spapi_oauth_code":     true,
}

// RedactURL returns u with the values of credential query parameters (the
// signature of a presigned URL, OAuth tokens) replaced by "[REDACTED]" and any
// user info removed. Text that does not parse as a URL is scrubbed instead.
func RedactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return Scrub(u)
	}
	return redactParsedURL(p)
}

func redactParsedURL(p *url.URL) string {
	if p.User == nil && p.RawQuery == "" {
		return Scrub(p.String())
	}
	c := *p
	c.User = nil
	if c.RawQuery != "" {
		if q, changed := redactQuery(c.Query()); changed {
			c.RawQuery = q.Encode()
		}
	}
	return Scrub(c.String())
}

// RedactQuery returns a copy of q with the values of credential
// parameters (presigned URLs' X-Amz-Signature, X-Amz-Credential and
// X-Amz-Security-Token, OAuth tokens and secrets) replaced by
// "[REDACTED]", for logs and request journals.
func RedactQuery(q url.Values) url.Values {
	out, _ := redactQuery(maps.Clone(q))
	return out
}

// redactQuery redacts q in place and reports whether it changed it.
func redactQuery(q url.Values) (url.Values, bool) {
	changed := false
	for k := range q {
		if secretParams[strings.ToLower(k)] {
			q[k] = []string{redacted}
			changed = true
		}
	}
	return q, changed
}

// RedactError rewrites, in place, the URL of every *url.Error in err's
// chain with [RedactURL] and returns err. http.Client wraps each transport
// error in a *url.Error whose text includes the whole URL, signature of a
// presigned document URL and all.
func RedactError(err error) error {
	for e := err; e != nil; {
		if ue, ok := e.(*url.Error); ok {
			ue.URL = RedactURL(ue.URL)
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			break
		}
		e = u.Unwrap()
	}
	return err
}

// RedactingHandler wraps h so that every string, error and
// fmt.Stringer attribute value of every record, and the message, is passed
// through [Scrub] before h sees it. The loggers this package writes to are
// wrapped in it; wrap your own handler with it when you log SP-API data.
func RedactingHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(*redactingHandler); ok {
		return h
	}
	return &redactingHandler{h: h}
}

type redactingHandler struct{ h slog.Handler }

// Enabled defers to the wrapped handler.
func (r *redactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return r.h.Enabled(ctx, l)
}

// Handle scrubs the record and passes it on.
func (r *redactingHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, Scrub(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return r.h.Handle(ctx, out)
}

// WithAttrs scrubs the attributes and passes them on.
func (r *redactingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = redactAttr(a)
	}
	return &redactingHandler{h: r.h.WithAttrs(red)}
}

// WithGroup passes the group on.
func (r *redactingHandler) WithGroup(name string) slog.Handler {
	return &redactingHandler{h: r.h.WithGroup(name)}
}

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Scrub(v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, x := range g {
			red[i] = redactAttr(x)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, Scrub(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, Scrub(x.String()))
		case []byte:
			return slog.String(a.Key, Scrub(string(x)))
		}
		return slog.String(a.Key, Scrub(fmt.Sprint(v.Any())))
	}
	return slog.Attr{Key: a.Key, Value: v}
}
