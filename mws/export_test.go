package mws

// Test hooks for the examples (package mws_test): the loopback MWS and
// the configuration of its seller.

// NewFakeMWSExample starts the loopback MWS.
func NewFakeMWSExample() *fakeMWS { return newFakeMWS() }

// FakeConfigExample is the configuration of the fake's seller at endpoint.
func FakeConfigExample(endpoint string) Config {
	return Config{Endpoint: endpoint, AccessKeyID: fakeAccessKey, SecretKey: fakeSecret, SellerID: fakeSeller, AuthToken: fakeAuthToken}
}
