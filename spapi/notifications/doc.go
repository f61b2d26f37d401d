// Package notifications turns what Amazon's Selling Partner API
// Notifications deliver into typed values: the body of an SQS message (the
// notification JSON itself) or an EventBridge event (the notification under
// "detail"). [Parse] says the notification's type and gives the payload as
// the type generated from Amazon's schema for it (generated/schemas/
// notifications/...), decoded strictly where the schema is strict; a type
// it does not know comes back as raw JSON with its type, not as an error.
//
// What arrives on a queue is untrusted: bodies are limited in size
// ([DefaultMaxBody], SQS's maximum message size) and never read past the
// limit, and no input makes the parser panic (it is fuzzed).
//
// The package does no I/O of its own beyond reading the io.Reader it is
// given; receiving from a queue is the caller's (see the Example).
package notifications
