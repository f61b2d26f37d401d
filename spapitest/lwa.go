package spapitest

import (
	"fmt"
	"net/http"
	"time"
)

// tokenLifetime is the sandbox's tokens' lifetime in seconds of its clock
// (their expires_in, in wall seconds on a scaled clock).
const tokenLifetime = 3600

// serveToken plays the Login with Amazon token endpoint
// (POST /auth/o2/token, form-encoded): the refresh_token grant and the
// client_credentials grant for grantless scopes. It accepts any non-empty
// credentials and answers errors as LWA does ({"error", "error_description"}).
//
// A refresh token revoked with [Server.RevokeRefreshToken] (or by
// [FaultInvalidGrant]) gets 400 invalid_grant. Faults configured for
// [TokenEndpoint] apply.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request, ex *Exchange) {
	spec, fault := s.faults.draw(TokenEndpoint)
	s.delay(r, spec)
	if fault == FaultResetBeforeRead {
		ex.Fault = fault
		s.reset(w, r, "injected fault "+fault)
		return
	}
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
	grantType, refresh := r.PostForm.Get("grant_type"), r.PostForm.Get("refresh_token")
	if grantType == "refresh_token" && refresh != "" {
		ex.Seller = sellerID(refresh)
	}
	switch fault {
	case FaultResetAfterRead:
		ex.Fault = fault
		s.reset(w, r, "injected fault "+fault)
		return
	case FaultInternalError:
		ex.Fault = fault
		s.tokenError(w, r, http.StatusInternalServerError, "server_error", "injected fault: the server encountered an unexpected error")
		return
	case FaultUnavailable:
		ex.Fault = fault
		s.tokenError(w, r, http.StatusServiceUnavailable, "temporarily_unavailable", "injected fault: the server is temporarily unavailable")
		return
	case FaultInvalidGrant:
		if grantType == "refresh_token" && refresh != "" {
			ex.Fault = fault
			s.RevokeRefreshToken(refresh)
		}
	}
	n := s.seq.Add(1)
	access := fmt.Sprintf("Atza|sandbox-access-token-%d", n)
	resp := map[string]any{"access_token": access, "token_type": "bearer", "expires_in": s.clock.wallSeconds(tokenLifetime * time.Second)}
	var seller string
	switch grantType {
	case "refresh_token":
		if refresh == "" {
			s.tokenError(w, r, http.StatusBadRequest, "invalid_request", "refresh_token is required for the refresh_token grant")
			return
		}
		if s.isRevoked(refresh) {
			s.tokenError(w, r, http.StatusBadRequest, "invalid_grant", "The request has an invalid grant parameter : refresh_token")
			return
		}
		resp["refresh_token"] = refresh
		seller = sellerID(refresh)
	case "client_credentials":
		scope := r.PostForm.Get("scope")
		if scope == "" {
			s.tokenError(w, r, http.StatusBadRequest, "invalid_scope", "scope is required for the client_credentials grant")
			return
		}
		seller = appID(clientID, scope)
	default:
		s.tokenError(w, r, http.StatusBadRequest, "unsupported_grant_type", fmt.Sprintf("grant_type %q is not supported", grantType))
		return
	}
	ex.Seller = seller
	s.issue(access, seller)
	s.log(r, nil, http.StatusOK, "issued an LWA access token")
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, "application/json;charset=UTF-8", resp)
}

func (s *Server) tokenError(w http.ResponseWriter, r *http.Request, status int, code, desc string) {
	s.log(r, nil, status, "token endpoint: "+code+": "+desc)
	writeJSON(w, status, "application/json;charset=UTF-8", map[string]string{"error": code, "error_description": desc})
}
