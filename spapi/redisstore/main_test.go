package redisstore

import (
	"fmt"
	"os"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/spgen/spgen/spapi/internal/redistest"
)

// server is the redis-server TestMain starts for the tests.
var server *redistest.Server

// TestMain runs a child worker when the test binary is re-executed as one
// (see worker_test.go); otherwise it starts a real redis-server on a free
// loopback port for the tests. A missing redis-server fails the tests,
// naming the Debian package.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runWorker())
	}
	s, err := redistest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "redisstore:", err)
		os.Exit(1)
	}
	server = s
	code := m.Run()
	s.Close()
	os.Exit(code)
}

// newRedis returns a client of its own, as a separate worker would have.
func newRedis(t *testing.T) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: server.Addr, PoolSize: 64})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}
