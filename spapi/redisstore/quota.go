package redisstore

import (
	"context"

	"github.com/redis/go-redis/v9"
	"github.com/spgen/spgen/spapi"
)

// take counts one call in every window KEYS[i] (limit ARGV[2i-1], closing
// at Unix ms ARGV[2i]) unless one is spent, whose 0-based index it then
// returns; -1 when it counted.
var take = redis.NewScript(`
for i, k in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', k) or '0')
  if n >= tonumber(ARGV[2*i-1]) then
    return i - 1
  end
end
for i, k in ipairs(KEYS) do
  redis.call('INCR', k)
  redis.call('PEXPIREAT', k, ARGV[2*i])
end
return -1
`)

// Quota is an spapi.QuotaCounter in Redis: one counter per seller and
// window under "<prefix><slot key>" (default prefix "spapi:quota:"),
// expiring when its window closes, checked and counted for all of a
// call's windows in one atomic script, so a fleet shares each seller's
// windows.
type Quota struct {
	rdb    redis.Cmdable
	prefix string
}

var _ spapi.QuotaCounter = (*Quota)(nil)

// NewQuota returns a Quota using rdb.
func NewQuota(rdb redis.Cmdable, opts ...Option) *Quota {
	return &Quota{rdb: rdb, prefix: keyPrefix("spapi:quota:", opts)}
}

// Take implements spapi.QuotaCounter.
func (q *Quota) Take(ctx context.Context, slots []spapi.QuotaSlot) (int, error) {
	keys := make([]string, len(slots))
	args := make([]any, 0, 2*len(slots))
	for i, s := range slots {
		keys[i] = q.prefix + s.Key
		args = append(args, s.Max, s.End.UnixMilli())
	}
	n, err := take.Run(ctx, q.rdb, keys, args...).Int()
	if err != nil {
		return 0, err
	}
	return n, nil
}
