// Package xmlfeeds submits MWS-style XML feeds (built with package mwsxml)
// through the SP-API Feeds API: the envelope is streamed into a temporary
// file by mwsxml.EnvelopeWriter, uploaded with createFeedDocument and the
// presigned PUT, submitted with createFeed, polled, and its processing
// report downloaded and parsed with mwsxml.ReadReport.
//
// It sits next to the other document flows (spapi/documents) so that
// package mwsxml stays about XML: a program that only builds feeds does
// not link the HTTP runtime, oauth2 or generated clients. It touches a
// temporary file per feed (removed when done) and the network through the
// Feeds helper it is given.
package xmlfeeds
