import type Redis from 'ioredis';

/**
 * The online store's Lua scripts (layout: see online-keys.ts). Scripts, not pipelines,
 * because a read must resolve "latest version", TTLs and feature services from the mirrored
 * definitions and then read the entity hashes that resolution names — in one round trip, with
 * no in-process definition cache to go stale. Every key a script touches carries the tenant's
 * hash tag, so the whole script runs on one cluster slot; only the definitions key is declared,
 * the entity keys are derived from it (same slot, which Redis Cluster accepts).
 */

/**
 * KEYS[1] definitions hash. ARGV[1] the tenant's key prefix, ARGV[2] the request JSON
 * `{ service: name }` or `{ views: [{ view, version, features?, strict }] }`, ARGV[3] JSON array
 * of URI-encoded entity ids.
 * Returns `{ header JSON, reply per (view, entity) }` where the header is
 * `{ views: [{ view, version, ttlMs, features? }] }` or `{ error, ... }`; a reply is the HMGET
 * of the view's features, or the HGETALL of an open (undefined) view.
 */
export const READ_SCRIPT = `
local defs = KEYS[1]
local prefix = ARGV[1]
local request = cjson.decode(ARGV[2])
local ids = cjson.decode(ARGV[3])
local targets = request.views
if request.service then
  local raw = redis.call('HGET', defs, 's:' .. request.service)
  if not raw then return { cjson.encode({ error = 'unknown_service', service = request.service }) } end
  targets = cjson.decode(raw).refs
end
local header = {}
local replies = { '' }
for i, t in ipairs(targets) do
  local field = 'v:' .. t.view
  if t.version > 0 then field = field .. '@' .. t.version end
  local raw = redis.call('HGET', defs, field)
  if not raw then
    if t.version > 0 and redis.call('HEXISTS', defs, 'v:' .. t.view) == 1 then
      return { cjson.encode({ error = 'unknown_version', view = t.view, version = t.version }) }
    end
    return { cjson.encode({ error = 'unknown_view', view = t.view }) }
  end
  local def = cjson.decode(raw)
  local names = nil
  if type(t.features) == 'table' then
    names = t.features
    if t.strict and type(def.features) == 'table' then
      local known = {}
      for _, f in ipairs(def.features) do known[f[1]] = true end
      for _, name in ipairs(names) do
        if not known[name] then return { cjson.encode({ error = 'unknown_feature', view = t.view, version = def.version, feature = name }) } end
      end
    end
  elseif type(def.features) == 'table' then
    names = {}
    for _, f in ipairs(def.features) do names[#names + 1] = f[1] end
  end
  header[i] = { view = t.view, version = def.version, ttlMs = def.ttlMs, features = names }
  for _, id in ipairs(ids) do
    local key = prefix .. t.view .. ':' .. id
    if names then
      replies[#replies + 1] = redis.call('HMGET', key, unpack(names))
    else
      replies[#replies + 1] = redis.call('HGETALL', key)
    end
  end
end
replies[1] = cjson.encode({ views = header })
return replies
`;

/**
 * KEYS[1] entity hash, KEYS[2] definitions hash. ARGV[1] event time (epoch ms), ARGV[2] TTL ms
 * (0 = none), ARGV[3] view name, ARGV[4] the mirror entry to create for a view written without a
 * definition ('' when it has one), ARGV[5..] feature name / encoded value pairs.
 * Each feature is replaced only when the stored one is not newer; the key's expiry moves to
 * (newest event time + TTL) when that is later than now and than the current expiry.
 * Returns how many features were written.
 */
export const WRITE_SCRIPT = `
local t = tonumber(ARGV[1])
if ARGV[4] ~= '' then redis.call('HSETNX', KEYS[2], 'v:' .. ARGV[3], ARGV[4]) end
local names = {}
for i = 5, #ARGV, 2 do names[#names + 1] = ARGV[i] end
local current = redis.call('HMGET', KEYS[1], unpack(names))
local updates = {}
for j, name in ipairs(names) do
  local stored = current[j]
  local newer = true
  if stored then
    local bar = string.find(stored, '|', 1, true)
    if bar and tonumber(string.sub(stored, 1, bar - 1)) > t then newer = false end
  end
  if newer then
    updates[#updates + 1] = name
    updates[#updates + 1] = ARGV[4 + 2 * j]
  end
end
if #updates == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(updates))
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  local at = t + ttl
  local now = redis.call('TIME')
  local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  local expires = redis.call('PEXPIRETIME', KEYS[1])
  if at > nowMs and (expires < 0 or at > expires) then redis.call('PEXPIREAT', KEYS[1], at) end
end
return #updates / 2
`;

/**
 * KEYS[1] definitions hash. ARGV[1] view name, ARGV[2] version, ARGV[3] MirroredView JSON.
 * Stores the version and moves "latest" to it unless a newer version is mirrored already
 * (concurrent applies may reach Redis out of order).
 */
export const MIRROR_VIEW_SCRIPT = `
redis.call('HSET', KEYS[1], 'v:' .. ARGV[1] .. '@' .. ARGV[2], ARGV[3])
local latest = redis.call('HGET', KEYS[1], 'v:' .. ARGV[1])
if latest and cjson.decode(latest).version > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'v:' .. ARGV[1], ARGV[3])
return 1
`;

/** Registers a script as an ioredis command (EVALSHA, falling back to EVAL once per connection). */
export function defineScript(redis: Redis, name: string, numberOfKeys: number, lua: string, readOnly = false): void {
  if (typeof (redis as unknown as Record<string, unknown>)[name] !== 'function') redis.defineCommand(name, { numberOfKeys, lua, readOnly });
}
