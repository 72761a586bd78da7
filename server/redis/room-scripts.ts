import { SNAP_DATA, SNAP_END } from './keys.ts';
import { FIELD_BINDINGS, FIELD_INSTANCE, FIELD_STORED_AT, FIELD_UPDATES } from './log-entry.ts';
import { LuaScript } from './lua-script.ts';

/**
 * The scripts that read and write one room (keys.ts): each runs whole in Redis, touching only
 * the keys of one room, which share a slot. Their refusals are `WB_<CODE>` errors (lua-script.ts).
 */

/**
 * KEYS seq, log; ARGV instance, updates blob, bindings blob ('' for none).
 * INCR and XADD in one script: entry numbers follow the order entries are stored in, with no gap
 * a reader could mistake for a lost entry. Returns the entry number n.
 */
export const APPEND = new LuaScript(`
local n = redis.call('INCR', KEYS[1])
local id = string.format('%d-0', n)
local now = redis.call('TIME')
local ms = now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000))
if ARGV[3] == '' then
  redis.call('XADD', KEYS[2], id, '${FIELD_UPDATES}', ARGV[2], '${FIELD_INSTANCE}', ARGV[1], '${FIELD_STORED_AT}', ms)
else
  redis.call('XADD', KEYS[2], id, '${FIELD_UPDATES}', ARGV[2], '${FIELD_INSTANCE}', ARGV[1], '${FIELD_STORED_AT}', ms, '${FIELD_BINDINGS}', ARGV[3])
end
return n
`);

/**
 * KEYS snap, log. The snapshot, the end it covers, and the stream from that end on, read in one
 * step: a compaction between reading the snapshot and the stream could otherwise trim entries
 * the old snapshot did not hold.
 */
export const LOAD = new LuaScript(`
local snap = redis.call('HMGET', KEYS[1], '${SNAP_DATA}', '${SNAP_END}')
local from = snap[2] or '0'
return {snap[1] or '', from, redis.call('XRANGE', KEYS[2], from .. '-0', '+')}
`);

/**
 * KEYS lease, seq, snap; ARGV token, end, snapshot. Stores the snapshot with the end it covers,
 * if the token still holds the lease and the end is one handed out and ahead of the stored one.
 */
export const STORE_SNAPSHOT = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return redis.error_reply('WB_LEASE_LOST lease no longer held')
end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local stored = tonumber(redis.call('HGET', KEYS[3], '${SNAP_END}') or '0')
local e = tonumber(ARGV[2])
if e > last + 1 then
  return redis.error_reply('WB_AHEAD end not handed out yet')
end
if e < stored then
  return redis.error_reply('WB_BEHIND end behind the stored snapshot')
end
if e == stored then
  return 0
end
redis.call('HSET', KEYS[3], '${SNAP_DATA}', ARGV[3], '${SNAP_END}', ARGV[2])
return 1
`);

/**
 * KEYS snap, log. Trims the stream below the end of the snapshot stored now, whoever stored it:
 * never an entry the stored snapshot does not hold.
 */
export const TRIM = new LuaScript(`
local stored = redis.call('HGET', KEYS[1], '${SNAP_END}')
if not stored then
  return 0
end
return redis.call('XTRIM', KEYS[2], 'MINID', stored .. '-0')
`);

/**
 * KEYS seq, log; ARGV from, count. The last entry number handed out, and up to `count` entries
 * numbered `from` on, read in one step.
 */
export const READ_AFTER = new LuaScript(`
local last = redis.call('GET', KEYS[1]) or '0'
return {last, redis.call('XRANGE', KEYS[2], ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])}
`);

/**
 * KEYS seq, log; ARGV next (the entry number an instance reads next). For /metrics: the last
 * entry number handed out, the `t` of the stream's first entry (the oldest not yet trimmed by a
 * compaction) and of the first entry numbered `next` on (the oldest this instance has not
 * relayed), '' where there is none, and Redis' clock now (ms), so that every age is measured on
 * the one clock that stamped the entries.
 */
export const STREAM_LAG = new LuaScript(`
local function stamp(entries)
  if #entries == 0 then return '' end
  local fields = entries[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == '${FIELD_STORED_AT}' then return fields[i + 1] end
  end
  return ''
end
local last = redis.call('GET', KEYS[1]) or '0'
local oldest = stamp(redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1))
local unread = stamp(redis.call('XRANGE', KEYS[2], ARGV[1] .. '-0', '+', 'COUNT', 1))
local now = redis.call('TIME')
return {last, oldest, unread, now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000))}
`);
