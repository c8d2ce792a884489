// The Lua scripts of tokentab/redis. Each runs atomically in Redis. KEYS[1] is always the index: a
// sorted set of every stored key at score 0, so that ZRANGEBYLEX lists keys in order, by prefix or
// by range.

/** KEYS: index, then the full key of each entry; ARGV: key, JSON value, key, JSON value … */
export const SET_ENTRIES = `
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2 * i - 2])
  redis.call('ZADD', KEYS[1], 0, ARGV[2 * i - 3])
end
return #KEYS - 1`;

/** KEYS: index, then the full keys; ARGV: the keys. */
export const DELETE_ENTRIES = `
for i = 2, #KEYS do
  redis.call('DEL', KEYS[i])
  redis.call('ZREM', KEYS[1], ARGV[i - 1])
end
return #KEYS - 1`;

/** KEYS: index, full key; ARGV: key, JSON value. Returns the JSON the key holds afterwards. */
export const SET_IF_ABSENT = `
if redis.call('SET', KEYS[2], ARGV[2], 'NX') then
  redis.call('ZADD', KEYS[1], 0, ARGV[1])
  return ARGV[2]
end
return redis.call('GET', KEYS[2])`;

/**
 * A budget change (src/model/budget-counter.ts, the same rules) in one atomic step, so that every process
 * sharing the Redis server queues here. Money stays exact: amounts are decimal strings, added and
 * compared as integers of digits scaled to their common number of decimals, digit by digit (never
 * a Lua number, which is a double). Counters are stored as tokentab's BudgetCounter JSON.
 * KEYS: index, the counter written, then the counters read. ARGV: the written key, limit, now,
 * holdMs, reserve id, reserve amount, settle id, settle amount ('' when absent).
 * Returns { 1 | 0 (refused), spent, held } with spent and held before this change.
 */
export const BUDGET = `
local function split(s)
  local int, frac = string.match(s, '^(%d*)%.?(%d*)$')
  return int, frac
end
local function scaled(a, b)
  local ai, af = split(a)
  local bi, bf = split(b)
  local n = math.max(#af, #bf)
  return ai .. af .. string.rep('0', n - #af), bi .. bf .. string.rep('0', n - #bf), n
end
local function strip(d)
  local s = string.gsub(d, '^0+', '')
  if s == '' then return '0' end
  return s
end
local function add(a, b)
  local x, y, n = scaled(a, b)
  local digits, carry, i, j = {}, 0, #x, #y
  while i > 0 or j > 0 or carry > 0 do
    local s = carry + (i > 0 and string.byte(x, i) - 48 or 0) + (j > 0 and string.byte(y, j) - 48 or 0)
    table.insert(digits, 1, string.char(48 + s % 10))
    carry = math.floor(s / 10)
    i, j = i - 1, j - 1
  end
  local d = table.concat(digits)
  if #d <= n then d = string.rep('0', n - #d + 1) .. d end
  local int, frac = strip(string.sub(d, 1, #d - n)), string.gsub(string.sub(d, #d - n + 1), '0+$', '')
  if frac == '' then return int end
  return int .. '.' .. frac
end
local function greater(a, b)
  local x, y = scaled(a, b)
  x, y = strip(x), strip(y)
  if #x ~= #y then return #x > #y end
  return x > y
end

local limit, now, holdMs = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local reserveId, reserveAmount, settleId, settleAmount = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local own = reserveId ~= '' and reserveId or settleId
local function live(id, hold) return id ~= own and now - hold[2] < holdMs end

local spent, held = '0', '0'
for i = 3, #KEYS do
  local raw = redis.call('GET', KEYS[i])
  if raw then
    local counter = cjson.decode(raw)
    spent = add(spent, counter.spent)
    for id, hold in pairs(counter.held) do
      if live(id, hold) then held = add(held, hold[1]) end
    end
  end
end
if reserveId ~= '' and greater(add(add(spent, held), reserveAmount), limit) then return { 0, spent, held } end

local raw = redis.call('GET', KEYS[2])
local current = raw and cjson.decode(raw) or { spent = '0', held = {} }
local next = {}
local holds = 0
for id, hold in pairs(current.held) do
  if live(id, hold) then next[id] = hold; holds = holds + 1 end
end
if reserveId ~= '' then next[reserveId] = { reserveAmount, now }; holds = holds + 1 end
local nextSpent = current.spent
if settleId ~= '' then nextSpent = add(current.spent, settleAmount) end
local heldJson = holds == 0 and '{}' or cjson.encode(next)
redis.call('SET', KEYS[2], '{"spent":' .. cjson.encode(nextSpent) .. ',"held":' .. heldJson .. '}')
redis.call('ZADD', KEYS[1], 0, ARGV[1])
return { 1, spent, held }`;
