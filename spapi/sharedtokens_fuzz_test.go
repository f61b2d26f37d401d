package spapi

import (
	"bytes"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// FuzzOpenCachedToken: whatever a shared cache hands back (it is outside
// the process: corrupted, truncated, written under another key or by an
// attacker without the key) opens to an error or to exactly what was
// sealed under that key, never a panic and never another key's token.
func FuzzOpenCachedToken(f *testing.F) {
	s, err := newSharedTokens(NewMemoryTokenCache(), []byte("fuzz-client-secret-0123456789"), discardLogger, time.Now)
	if err != nil {
		f.Fatal(err)
	}
	sealed, _ := s.seal("k1", &oauth2.Token{AccessToken: "access-fuzz-1", Expiry: time.Unix(1900000000, 0)})
	f.Add("k1", sealed)
	f.Add("k2", sealed)
	f.Add("k1", sealed[:len(sealed)-1])
	f.Add("k1", []byte{})
	f.Add("k1", bytes.Repeat([]byte{0}, 40))
	f.Fuzz(func(t *testing.T, key string, value []byte) {
		tok, _, err := s.open(key, value)
		if err != nil {
			return
		}
		// Only "access-fuzz-1" was ever sealed, and only under "k1" (the
		// seed is sealed again, with a fresh nonce, in each fuzz worker).
		if key != "k1" || tok.AccessToken != "access-fuzz-1" {
			t.Fatalf("opened %q under %q: no such token was sealed there", tok.AccessToken, key)
		}
	})
}
