package redisstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/spgen/spgen/spapi"
)

// The environment of a child worker process.
const (
	childEnv    = "SPAPI_REDISSTORE_WORKER" // the fake's URL
	redisEnv    = "SPAPI_REDISSTORE_REDIS"
	callersEnv  = "SPAPI_REDISSTORE_CALLERS"
	durationEnv = "SPAPI_REDISSTORE_DURATION" // keep calling this long; unset: one round
	startEnv    = "SPAPI_REDISSTORE_START"    // Unix ms at which to start
	// cacheTimeoutEnv overrides the token cache timeout: the cold-start
	// test gives 1 s, generous for three processes dialling Redis at once
	// under the race detector.
	cacheTimeoutEnv = "SPAPI_REDISSTORE_CACHE_TIMEOUT"
)

var (
	opGetOrders = &spapi.Operation{ID: "getOrders", API: "ordersv0", Method: "GET", Path: "/orders/v0/orders", Rate: 1e6, Burst: 1e6}
	opGetOrder  = &spapi.Operation{ID: "getOrder", API: "ordersv0", Method: "GET", Path: "/orders/v0/orders/{orderId}", Rate: 1e6, Burst: 1e6,
		Restricted: true, DataElements: []string{"buyerInfo"}}
)

// workerResult is what a child prints.
type workerResult struct {
	Calls, Failed int
	Errors        []string
}

// runWorker is a child process: a Client for the one seller with the
// Redis token cache, and callers goroutines each calling getOrders and
// getOrder (an RDT) once, or until the duration is over.
func runWorker() int {
	redis.SetLogger(quietRedis{}) // the outage test kills Redis on purpose
	fake := os.Getenv(childEnv)
	cacheTimeout, _ := time.ParseDuration(os.Getenv(cacheTimeoutEnv)) // 0: the default
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv(redisEnv), PoolSize: 128})
	defer rdb.Close()
	c, err := spapi.New(spapi.Config{Endpoint: fake, TokenURL: fake + "/auth/o2/token", ClientID: clientID,
		ClientSecret: clientSecret, RefreshToken: refreshToken, SellingPartnerID: sellerID},
		spapi.WithTokenCache(NewTokenCache(rdb)),
		spapi.WithTokenCacheTimeout(cacheTimeout),
		spapi.WithRetryer(spapi.StandardRetryer{BaseDelay: 5 * time.Millisecond, MaxDelay: 50 * time.Millisecond}))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	// A worker warms its Redis connection as it starts, as a real one
	// would long before its first token expires. (Without Redis this
	// fails, which the no-Redis test wants.)
	rdb.Ping(context.Background())
	callers, _ := strconv.Atoi(os.Getenv(callersEnv))
	duration, _ := time.ParseDuration(os.Getenv(durationEnv))
	if ms, err := strconv.ParseInt(os.Getenv(startEnv), 10, 64); err == nil {
		time.Sleep(time.Until(time.UnixMilli(ms)))
	}
	end := time.Now().Add(duration)
	var calls, failed atomic.Int64
	var mu sync.Mutex
	var errs []string
	call := func(op *spapi.Operation, path string) {
		calls.Add(1)
		req, _ := http.NewRequestWithContext(spapi.WithOperation(context.Background(), op), op.Method, fake+path, nil)
		resp, err := spapi.Check(c.HTTPClient().Do(req))
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return
		}
		failed.Add(1)
		mu.Lock()
		if len(errs) < 5 {
			errs = append(errs, err.Error())
		}
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for {
				call(opGetOrders, "/orders/v0/orders")
				call(opGetOrder, "/orders/v0/orders/902-3159896-1390916")
				if time.Now().After(end) {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	json.NewEncoder(os.Stdout).Encode(workerResult{Calls: int(calls.Load()), Failed: int(failed.Load()), Errors: errs})
	return 0
}

// quietRedis drops go-redis's own log lines.
type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}

// worker is a started child process.
type worker struct {
	cmd *exec.Cmd
	out bytes.Buffer
}

// startWorkers starts n children of this test binary against fake and
// the test's Redis.
func startWorkers(t *testing.T, n int, fake *fakeAmazon, callers int, duration time.Duration) []*worker {
	t.Helper()
	return startWorkersAt(t, n, fake, callers, duration, server.Addr)
}

// deadAddr returns a loopback address where nothing listens.
func deadAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startWorkersAt starts n children of this test binary against fake, with
// their token cache in the Redis at redisAddr; extra is more environment.
func startWorkersAt(t *testing.T, n int, fake *fakeAmazon, callers int, duration time.Duration, redisAddr string, extra ...string) []*worker {
	t.Helper()
	start := strconv.FormatInt(time.Now().Add(500*time.Millisecond).UnixMilli(), 10)
	var ws []*worker
	for range n {
		w := &worker{cmd: exec.Command(os.Args[0], "-test.run=^$")}
		w.cmd.Env = append(os.Environ(), childEnv+"="+fake.URL, redisEnv+"="+redisAddr,
			callersEnv+"="+strconv.Itoa(callers), durationEnv+"="+duration.String(), startEnv+"="+start)
		w.cmd.Env = append(w.cmd.Env, extra...)
		w.cmd.Stdout = &w.out
		w.cmd.Stderr = os.Stderr
		if err := w.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if w.cmd.ProcessState == nil {
				w.cmd.Process.Kill()
				w.cmd.Wait()
			}
		})
		ws = append(ws, w)
	}
	return ws
}

// wait waits for the workers and fails on any failed call.
func waitWorkers(t *testing.T, ws []*worker) (calls int) {
	t.Helper()
	for i, w := range ws {
		if err := w.cmd.Wait(); err != nil {
			t.Fatalf("worker %d: %v", i, err)
		}
		var r workerResult
		if err := json.Unmarshal(w.out.Bytes(), &r); err != nil {
			t.Fatalf("worker %d printed %q: %v", i, w.out.String(), err)
		}
		if r.Failed > 0 {
			t.Errorf("worker %d: %d of %d calls failed: %q", i, r.Failed, r.Calls, r.Errors)
		}
		calls += r.Calls
	}
	return calls
}
