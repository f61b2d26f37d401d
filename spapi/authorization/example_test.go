package authorization_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/authorization"
)

// A website authorisation workflow with net/http: /authorize sends the
// signed-in user to Seller Central with a state bound to their session;
// /callback completes it and keeps the seller's refresh token. A loopback
// server stands in for Login with Amazon; in production leave TokenURL
// unset.
func ExampleFlow() {
	lwa := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "a", "refresh_token": "Atzr|example", "token_type": "bearer", "expires_in": 3600})
	}))
	defer lwa.Close()

	sellers := &spapi.MemoryCredentials{} // your database
	flow := &authorization.Flow{
		ApplicationID: "amzn1.sp.solution.example",
		ClientID:      "amzn1.application-oa2-client.example",
		ClientSecret:  "example-secret",
		RedirectURI:   "https://app.example.com/callback",
		Draft:         true, // version=beta until the app is published
		StateKey:      []byte("32+ random bytes shared by your servers"),
		Store:         sellers,
		TokenURL:      lwa.URL, // omit in production
	}
	session := func(r *http.Request) string { c, _ := r.Cookie("session"); return c.Value }

	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
		central, _ := authorization.SellerCentral("ATVPDKIKX0DER")
		consent, err := flow.ConsentURL(central, session(r))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, consent, http.StatusFound)
	})
	mux.HandleFunc("/callback", func(w http.ResponseWriter, r *http.Request) {
		a, err := flow.Complete(r.Context(), r, session(r))
		if err != nil {
			http.Error(w, "authorisation failed", http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "connected %s", a.SellingPartnerID)
	})

	// The user starts; Amazon shows the consent page and sends them back.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/authorize", nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: "user-42"})
	mux.ServeHTTP(rec, req)
	consent, _ := url.Parse(rec.Header().Get("Location"))
	fmt.Println(consent.Host+consent.Path, consent.Query().Get("version"))

	back := url.Values{"state": {consent.Query().Get("state")}, "spapi_oauth_code": {"code"}, "selling_partner_id": {"A3SELLER"}}
	for range 2 { // the second is a replay
		rec = httptest.NewRecorder()
		req = httptest.NewRequest("GET", "/callback?"+back.Encode(), nil)
		req.AddCookie(&http.Cookie{Name: "session", Value: "user-42"})
		mux.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body.String())
	}
	if _, err := sellers.RefreshToken(req.Context(), "A3SELLER"); err != nil {
		log.Fatal(err)
	}
	// Output:
	// sellercentral.amazon.com/apps/authorize/consent beta
	// 200 connected A3SELLER
	// 400 authorisation failed
}
