-- Closures, upvalues, varargs, recursion, coroutines (generators, status,
-- passing values in and out, wrap, errors inside a coroutine).

local function counter(start, step)
  local n = start
  return function() n = n + step; return n end, function() return n end
end
local inc, get = counter(10, 3)
inc(); inc()
print(get(), inc(), get())

-- closures capturing loop variables: each iteration has a fresh local
local fns = {}
for i = 1, 5 do fns[i] = function() return i * i end end
local out = {}
for i = 1, 5 do out[i] = fns[i]() end
print(table.concat(out, " "))

-- shared upvalue between two closures
local function pair()
  local v = 0
  return function(x) v = v + x end, function() return v end
end
local add, read = pair()
for i = 1, 100 do add(i) end
print(read())

-- varargs
local function va(...)
  local n = select("#", ...)
  local t = { ... }
  return n, #t, (select(n > 0 and n or 1, ...))
end
print(va())
print(va(1, 2, 3))
print(va(nil, nil))
local function sum(...)
  local s = 0
  for _, v in ipairs({ ... }) do s = s + v end
  return s
end
print(sum(1, 2, 3, 4.5), sum())

-- recursion and memoisation
local memo = {}
local function fib(n)
  if n < 2 then return n end
  local m = memo[n]
  if m then return m end
  m = fib(n - 1) + fib(n - 2)
  memo[n] = m
  return m
end
print(fib(30), fib(80), fib(90))
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(2, 3), ack(3, 3))

-- tail calls do not grow the stack
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + n) end
print(loop(100000, 0))

-- function composition / higher order
local function compose(f, g) return function(...) return f(g(...)) end end
local function map(t, f) local r = {} for i, v in ipairs(t) do r[i] = f(v) end return r end
local function filter(t, p) local r = {} for _, v in ipairs(t) do if p(v) then r[#r + 1] = v end end return r end
local function reduce(t, f, a) for _, v in ipairs(t) do a = f(a, v) end return a end
local sq_then_neg = compose(function(x) return -x end, function(x) return x * x end)
local nums = {}
for i = 1, 12 do nums[i] = i end
print(table.concat(map(nums, sq_then_neg), ","))
print(table.concat(filter(nums, function(x) return x % 3 == 0 end), ","))
print(reduce(nums, function(a, b) return a * b end, 1))

-- coroutines as generators
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local acc = {}
for v in range(6) do acc[#acc + 1] = v end
print(table.concat(acc, " "))

local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "done", a + b + c + d + e
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 100, 1000))
print(coroutine.status(co), coroutine.resume(co))

-- errors inside coroutines
local bad = coroutine.create(function() coroutine.yield(1); error({ code = 7 }) end)
print(coroutine.resume(bad))
local ok, err = coroutine.resume(bad)
print(ok, type(err), err.code, coroutine.status(bad))
print(coroutine.isyieldable(), coroutine.running() ~= nil)

-- producer / consumer pipeline with a filter
local function producer(items)
  return coroutine.create(function() for _, x in ipairs(items) do coroutine.yield(x) end end)
end
local function filter_co(src, pred)
  return coroutine.create(function()
    while true do
      local ok2, x = coroutine.resume(src)
      if not x then return end
      if pred(x) then coroutine.yield(x) end
    end
  end)
end
local chain = filter_co(producer({ 5, 8, 13, 21, 34, 55, 89 }), function(x) return x % 2 == 1 end)
local got = {}
while true do
  local _, x = coroutine.resume(chain)
  if not x then break end
  got[#got + 1] = x
end
print(table.concat(got, ","))

-- permutations through a recursive generator
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local count = 0
for p in coroutine.wrap(function() permgen({ "a", "b", "c", "d" }) end) do
  count = count + 1
  if count <= 4 then io.write(table.concat(p), " ") end
end
print(count)
