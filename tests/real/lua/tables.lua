-- Tables: arrays, insert/remove/concat/unpack/move, sort (with a comparator),
-- nested records. Hash iteration order is not stable across builds (Lua seeds
-- string hashes), so records are only ever printed through sorted key lists.

local function show(t) return "{" .. table.concat(t, ",") .. "}" end

local a = {}
for i = 1, 10 do a[i] = (i * 7) % 11 end
print(show(a), #a)
table.insert(a, 99)
table.insert(a, 1, -1)
table.insert(a, 5, 50)
print(show(a), #a)
print(table.remove(a), table.remove(a, 1), table.remove(a, 3), show(a))
table.sort(a)
print(show(a))
table.sort(a, function(x, y) return x > y end)
print(show(a))
print(table.unpack({ 1, 2, 3 }))
print(select("#", table.unpack({ 1, nil, 3 }, 1, 3)), select(2, "a", "b", "c"))
print(show(table.move({ 1, 2, 3, 4, 5 }, 2, 4, 1)), show(table.move({ 1, 2, 3 }, 1, 3, 3, { 9, 9 })))
local p = table.pack(10, nil, 30)
print(p.n, p[1], p[2], p[3])

-- records sorted by several keys
local people = {
  { name = "Alice", age = 31, city = "Oslo" },
  { name = "Bob", age = 25, city = "Lima" },
  { name = "Carol", age = 31, city = "Lima" },
  { name = "Dave", age = 19, city = "Oslo" },
  { name = "Eve", age = 25, city = "Kyiv" },
  { name = "Frank", age = 44, city = "Kyiv" },
  { name = "Grace", age = 19, city = "Lima" },
}
table.sort(people, function(x, y)
  if x.age ~= y.age then return x.age < y.age end
  return x.name < y.name
end)
for i, r in ipairs(people) do io.write(i, ".", r.name, "(", r.age, ") ") end
print()

-- group by city, then print with sorted keys
local by_city = {}
for _, r in ipairs(people) do
  local g = by_city[r.city]
  if not g then g = { n = 0, total = 0, names = {} }; by_city[r.city] = g end
  g.n = g.n + 1
  g.total = g.total + r.age
  g.names[#g.names + 1] = r.name
end
local cities = {}
for c in pairs(by_city) do cities[#cities + 1] = c end
table.sort(cities)
for _, c in ipairs(cities) do
  local g = by_city[c]
  table.sort(g.names)
  print(string.format("%-5s n=%d avg=%.2f %s", c, g.n, g.total / g.n, table.concat(g.names, "/")))
end

-- sort a bigger array with a deterministic LCG and check it
local seed = 12345
local function rnd()
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed
end
local big = {}
for i = 1, 2000 do big[i] = rnd() % 100000 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print("sorted", ok, big[1], big[1000], big[2000])
local words = {}
for i = 1, 300 do
  local w = {}
  for j = 1, 1 + rnd() % 6 do w[j] = string.char(97 + rnd() % 26) end
  words[i] = table.concat(w)
end
table.sort(words, function(x, y)
  if #x ~= #y then return #x < #y end
  return x < y
end)
print(words[1], words[2], words[150], words[299], words[300])

-- sparse tables, length of sequences, integer vs float keys
local t = {}
t[1] = "a"; t[2] = "b"; t[3] = "c"
t[2.0] = "B"
print(#t, t[2], t[3.0], rawlen(t), rawequal(t, t))
t[#t + 1] = "d"
print(show(t))
local m = { [1] = "one", [2] = "two", x = 1, ["y z"] = 2 }
print(m[1], m.x, m["y z"], m.nope)

-- nested tables and a small matrix product
local function matmul(A, B)
  local C = {}
  for i = 1, #A do
    C[i] = {}
    for j = 1, #B[1] do
      local sum = 0
      for k = 1, #B do sum = sum + A[i][k] * B[k][j] end
      C[i][j] = sum
    end
  end
  return C
end
local A = { { 1, 2, 3 }, { 4, 5, 6 } }
local B = { { 7, 8 }, { 9, 10 }, { 11, 12 } }
for _, row in ipairs(matmul(A, B)) do print(show(row)) end

-- sieve of Eratosthenes
local N = 200
local composite = {}
local primes = {}
for i = 2, N do
  if not composite[i] then
    primes[#primes + 1] = i
    for j = i * i, N, i do composite[j] = true end
  end
end
print(#primes, show(primes))

-- a queue built on two indices
local q = { first = 1, last = 0 }
local function push(v) q.last = q.last + 1; q[q.last] = v end
local function pop() local v = q[q.first]; q[q.first] = nil; q.first = q.first + 1; return v end
for i = 1, 5 do push(i * i) end
print(pop(), pop(), q.last - q.first + 1)
