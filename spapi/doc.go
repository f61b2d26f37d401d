// Package spapi is the runtime every spgen-generated Selling Partner API
// client uses: Login with Amazon auth, Restricted Data Tokens, per-operation
// rate limits, safe retries, regions, typed errors, pagination and the
// document and upload flows.
//
// Generated packages depend on this package for two things only: the value
// types the models need ([DateTime], [Base64]) and the per-operation metadata
// ([Operation]) that each generated request carries in its context. Everything
// else here is opt-in and plugs into a generated client through its
// *http.Client (see [New]).
package spapi
