// The Lua scripts of redisBudget, each atomic and timed by Redis's own clock (TIME), so that
// processes whose clocks differ still share one budget. Keys share a hash tag ({key}), so they
// live on one slot of a cluster.

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Takes a lease if one is free. KEYS: leases (zset id → expiry ms). ARGV: concurrency, leaseMs, id.
 * Returns {1, 0} when granted, else {0, ms until the earliest lease expires}. Expired leases (a
 * process that died without releasing) are dropped first.
 */
export const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local leaseMs = tonumber(ARGV[2])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, math.max(1, tonumber(oldest[2]) - now)}`;

/** Gives a lease back and wakes the waiters. KEYS: leases. ARGV: id, channel. */
export const RELEASE = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then redis.call('PUBLISH', ARGV[2], '1') end
return 1`;

/** Renews the leases still held (a heartbeat). KEYS: leases. ARGV: leaseMs, ids…; returns how many were still held. */
export const RENEW = `${NOW}
local renewed = 0
local leaseMs = tonumber(ARGV[1])
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[i])
    renewed = renewed + 1
  end
end
if renewed > 0 then redis.call('PEXPIRE', KEYS[1], leaseMs * 2) end
return renewed`;

// The shared rate: GCRA's theoretical arrival time, and CUBIC's state when adaptive (the same
// formulas as the in-memory budget: adaptive-rate.ts, rate-limiter.ts).
const RATE = `
local h = redis.call('HMGET', KEYS[1], 'tat', 'lastMax', 'cutAt', 'k')
local ceiling = tonumber(ARGV[1])
local rate = ceiling
if ARGV[3] == '1' and h[3] then
  local s = (now - tonumber(h[3])) / 1000
  rate = math.min(ceiling, math.max(0.5, 0.4 * (s - tonumber(h[4])) ^ 3 + tonumber(h[2])))
end`;

/**
 * Reserves one token. KEYS: rate (hash). ARGV: ceiling (tokens per second), burst, adaptive (1/0).
 * Returns the ms to wait before using it, as text (a fraction).
 */
// A new budget starts with an empty bucket: its first tokens are spaced at the rate, and the
// burst builds up only over a quiet spell (no thundering start when many processes begin at once).
const RESERVE = `
local interval = 1000 / rate
local burst = math.max(1, tonumber(ARGV[2]) * rate / ceiling)
local tat = now + (burst - 1) * interval
if h[1] then tat = math.max(tonumber(h[1]), now) end
redis.call('HSET', KEYS[1], 'tat', tostring(tat + interval))
redis.call('PEXPIRE', KEYS[1], 3600000)
local wait = tostring(math.max(0, tat - (burst - 1) * interval - now))`;

export const TOKEN = `${NOW}${RATE}${RESERVE}
return wait`;

/** The cloud throttled: cut the shared rate to 70 % (once per 500 ms). KEYS: rate. ARGV: ceiling, burst, 1. */
export const THROTTLED = `${NOW}${RATE}
if h[3] and now - tonumber(h[3]) < 500 then return 0 end
redis.call('HSET', KEYS[1], 'lastMax', tostring(rate), 'cutAt', tostring(now), 'k', tostring((rate * 0.3 / 0.4) ^ (1 / 3)))
redis.call('PEXPIRE', KEYS[1], 3600000)
return 1`;

/**
 * Takes a lease and, when granted, the first attempt's token too: one round trip for both on the
 * uncontended path. KEYS: leases, rate. ARGV: concurrency, leaseMs, id, ceiling, burst, adaptive.
 * Returns {1, 0, wait ms as text} when granted, else {0, ms until the earliest lease expires, ''}.
 */
export const ACQUIRE_WITH_TOKEN = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local leaseMs = tonumber(ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, math.max(1, tonumber(oldest[2]) - now), ''}
end
redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[3])
redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
-- the rate's keys and arguments, as TOKEN takes them
KEYS[1] = KEYS[2]
ARGV[1] = ARGV[4]
ARGV[2] = ARGV[5]
ARGV[3] = ARGV[6]
${RATE}${RESERVE}
return {1, 0, wait}`;
