package authorization

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzCheckState: any state and session from a browser is refused with
// ErrBadState unless it is a state issued for that session, never a
// panic.
func FuzzCheckState(f *testing.F) {
	key := []byte(strings.Repeat("s", 32))
	now := time.Unix(1800000000, 0)
	good := newState(key, "session-1", now.Add(time.Minute))
	f.Add(good, "session-1")
	f.Add(good, "session-2")
	f.Add(good[:len(good)-2], "session-1")
	f.Add("", "")
	f.Add("%%%", "x")
	f.Fuzz(func(t *testing.T, state, session string) {
		nonce, _, err := checkState(key, session, state, now)
		if err != nil {
			if !errors.Is(err, ErrBadState) {
				t.Fatalf("refusal %v is not ErrBadState", err)
			}
			return
		}
		// States were only ever issued for session-1 (afresh, with a new
		// nonce, in each fuzz worker).
		if session != "session-1" || len(nonce) != 2*nonceLen {
			t.Fatalf("accepted state %q for session %q", state, session)
		}
	})
}
