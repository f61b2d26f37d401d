// Package listingsfeed builds, validates and submits Amazon's JSON listings
// feed (JSON_LISTINGS_FEED, schema listings-feed-schema-v2) and reads its
// processing report (listings-feed-processing-report-schema-v2) typed,
// with the issues grouped by message ID.
//
// A feed is validated with the generated Validate of its schema before
// anything is uploaded; a feed that breaks the schema is refused with the
// JSON pointer of every violation. Attributes can additionally be checked
// against their product type's schema (see package producttypes) with
// [Builder.CheckAttributes].
//
// It talks to the Selling Partner API only through spapi/documents.Feeds.
package listingsfeed
