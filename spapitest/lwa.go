package spapitest

import (
	"fmt"
	"net/http"
)

// tokenLifetime is the expires_in the sandbox's tokens carry, in seconds.
const tokenLifetime = 3600

// serveToken plays the Login with Amazon token endpoint
// (POST /auth/o2/token, form-encoded): the refresh_token grant and the
// client_credentials grant for grantless scopes. It accepts any non-empty
// credentials and answers errors as LWA does ({"error", "error_description"}).
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.tokenError(w, r, http.StatusMethodNotAllowed, "invalid_request", "the token endpoint takes POST")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.tokenError(w, r, http.StatusBadRequest, "invalid_request", "the request body is not form-encoded")
		return
	}
	clientID, secret, ok := r.BasicAuth()
	if !ok {
		clientID, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if clientID == "" || secret == "" {
		s.tokenError(w, r, http.StatusUnauthorized, "invalid_client", "client_id and client_secret are required")
		return
	}
	n := s.seq.Add(1)
	access := fmt.Sprintf("Atza|sandbox-access-token-%d", n)
	resp := map[string]any{"access_token": access, "token_type": "bearer", "expires_in": tokenLifetime}
	switch grant := r.PostForm.Get("grant_type"); grant {
	case "refresh_token":
		refresh := r.PostForm.Get("refresh_token")
		if refresh == "" {
			s.tokenError(w, r, http.StatusBadRequest, "invalid_request", "refresh_token is required for the refresh_token grant")
			return
		}
		resp["refresh_token"] = refresh
	case "client_credentials":
		if r.PostForm.Get("scope") == "" {
			s.tokenError(w, r, http.StatusBadRequest, "invalid_scope", "scope is required for the client_credentials grant")
			return
		}
	default:
		s.tokenError(w, r, http.StatusBadRequest, "unsupported_grant_type", fmt.Sprintf("grant_type %q is not supported", grant))
		return
	}
	s.issue(access)
	s.log(r, nil, http.StatusOK, "issued an LWA access token")
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, "application/json;charset=UTF-8", resp)
}

func (s *Server) tokenError(w http.ResponseWriter, r *http.Request, status int, code, desc string) {
	s.log(r, nil, status, "token endpoint: "+code+": "+desc)
	writeJSON(w, status, "application/json;charset=UTF-8", map[string]string{"error": code, "error_description": desc})
}
