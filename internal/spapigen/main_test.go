package spapigen

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files (generated/ and fixtures/) instead of comparing")

// sharedModels is Amazon's model directory, read in place.
const sharedModels = "../../../shared/models/spapi"

// sharedRateLimits is Amazon's SDK rate table, read in place.
const sharedRateLimits = "../../../shared/models/ratelimits/rate-limits.yml"

func TestMain(m *testing.M) {
	// Run starts this test binary again as its generation workers.
	ServeWorker()
	os.Exit(m.Run())
}
