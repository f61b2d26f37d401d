package redisstore_test

import (
	"log"
	"os"

	"github.com/redis/go-redis/v9"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/redislimit"
	"github.com/spgen/spgen/spapi/redisstore"
)

// A worker of a fleet: tokens, quota windows and rate-limit buckets in
// one Redis, so however many workers run, each token is fetched once per
// lifetime and each seller's quotas are shared. (Not run: it needs a
// Redis; the package tests run the same against a real redis-server.)
func ExampleNewTokenCache() {
	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
	fleet, err := spapi.NewFleet(spapi.Config{
		Region:       spapi.Europe,
		ClientID:     os.Getenv("LWA_CLIENT_ID"),
		ClientSecret: spapi.Secret(os.Getenv("LWA_CLIENT_SECRET")),
	}, &spapi.MemoryCredentials{}, // your store of refresh tokens
		spapi.WithTokenCache(redisstore.NewTokenCache(rdb)),
		spapi.WithQuotaWindows(spapi.DefaultQuotaWindows(), redisstore.NewQuota(rdb)),
		spapi.WithLimiter(redislimit.New(rdb)))
	if err != nil {
		log.Fatal(err)
	}
	_ = fleet.Seller("A1SELLER") // hand its HTTPClient to a generated client
}
