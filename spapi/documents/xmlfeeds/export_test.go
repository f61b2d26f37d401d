package xmlfeeds

import "github.com/spgen/spgen/spapi/documents"

// Test hooks for the examples (package mwsxml_test): the loopback Amazon
// and a Feeds helper talking to it.

// NewFakeAmazonExample starts the loopback Feeds API knowing the given
// orders.
func NewFakeAmazonExample(known ...string) *fakeAmazon { return newFakeAmazon(known...) }

// FeedsClientExample is the runtime's Feeds helper for the fake at endpoint.
func FeedsClientExample(endpoint string) *documents.Feeds { return feedsClient(endpoint) }
