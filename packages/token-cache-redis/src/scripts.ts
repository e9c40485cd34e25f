// The Lua scripts of the cache. Each reads and writes one key (KEYS[1]) in one atomic step, so no other writer slips in
// between and, on a Redis Cluster, each runs in the key's own slot.

/** Deletes the token KEYS[1] only if its value starts with ARGV[1] (the token's `sfjwt1:<sha256>:` header). */
export const DELETE_IF_SCRIPT = `local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Deletes a value that does not open, only if it is still the one that was read: a string whose SHA-1 is ARGV[1], or
 * (ARGV[1] empty) a key of another type than string. Returns the deleted key's type, or 0 when the key changed
 * meanwhile (another process deleted or replaced it: nothing is lost).
 */
export const DISCARD_SCRIPT = `local t = redis.call('TYPE', KEYS[1])
t = type(t) == 'table' and t.ok or t
if t == 'none' then return 0 end
if ARGV[1] == '' then
  if t == 'string' then return 0 end
elseif t ~= 'string' or redis.sha1hex(redis.call('GET', KEYS[1])) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
return t`;

/**
 * Takes the lock KEYS[1] for holder ARGV[1] for ARGV[2] ms. A lock without a TTL (a client's `SET` without `PX`, or
 * anything else at the key that would never expire) belongs to nobody: it is taken over. A lock that would live longer
 * than ARGV[2] is shortened to it, so no waiter waits longer than one lock TTL. Returns 1 when taken, 0 when held.
 */
export const ACQUIRE_SCRIPT = `local ttl = tonumber(ARGV[2])
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ttl) then return 1 end
local left = redis.call('PTTL', KEYS[1])
if left == -1 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
  return 1
end
if left > ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 0`;

/** Deletes the lock KEYS[1] only if it still holds this holder's random ARGV[1]. */
export const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
