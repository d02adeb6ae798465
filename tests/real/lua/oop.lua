-- Metatables and OOP: classes via __index, inheritance, operators
-- (__add, __eq, __lt, __le, __concat, __len, __call, __unm, __tostring,
-- __index/__newindex functions, __close), rawget/rawset.

local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({ x = x, y = y }, Vec) end
function Vec.__add(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
function Vec.__sub(a, b) return Vec.new(a.x - b.x, a.y - b.y) end
function Vec.__mul(a, b)
  if type(a) == "number" then return Vec.new(a * b.x, a * b.y) end
  if type(b) == "number" then return Vec.new(a.x * b, a.y * b) end
  return a.x * b.x + a.y * b.y
end
function Vec.__unm(a) return Vec.new(-a.x, -a.y) end
function Vec.__eq(a, b) return a.x == b.x and a.y == b.y end
function Vec.__lt(a, b) return a:len2() < b:len2() end
function Vec.__le(a, b) return a:len2() <= b:len2() end
function Vec.__tostring(a) return "(" .. a.x .. "," .. a.y .. ")" end
function Vec.__concat(a, b) return tostring(a) .. tostring(b) end
function Vec:len2() return self.x * self.x + self.y * self.y end

local a, b = Vec.new(1, 2), Vec.new(3, 4)
print(tostring(a + b), tostring(a - b), a * b, tostring(2 * a), tostring(b * 3), tostring(-a))
print(a == Vec.new(1, 2), a ~= b, a < b, b <= a, a .. b, a .. "!")

-- inheritance chain
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound)
  local self = setmetatable({}, Animal)
  self.name, self.sound = name, sound
  return self
end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end

local Dog = setmetatable({}, { __index = Animal })
Dog.__index = Dog
function Dog.new(name)
  local self = Animal.new(name, "woof")
  return setmetatable(self, Dog)
end
function Dog:kind() return "dog" end
function Dog:fetch(n) return self.name .. " fetched " .. n .. " sticks" end

local animals = { Animal.new("Cat", "meow"), Dog.new("Rex"), Animal.new("Cow", "moo") }
for _, x in ipairs(animals) do print(x:speak(), x:kind(), getmetatable(x) == Dog) end
print(animals[2]:fetch(3), rawget(animals[2], "fetch"), Dog.speak == Animal.speak)

-- __index / __newindex as functions: defaults and a read-only proxy with a log
local log = {}
local defaults = setmetatable({}, { __index = function(_, k) return "default_" .. k end })
print(defaults.colour, defaults.size, rawget(defaults, "colour"))
local function readonly(t)
  return setmetatable({}, {
    __index = t,
    __newindex = function(_, k, v) log[#log + 1] = "blocked " .. tostring(k) .. "=" .. tostring(v) end,
    __len = function() return #t end,
  })
end
local ro = readonly({ 10, 20, 30 })
ro[4] = 40
ro.name = "x"
print(ro[1], ro[3], ro[4], #ro, table.concat(log, "; "))

-- __call, __len, __close, __mode-less caches
local Counter = setmetatable({ n = 0 }, {
  __call = function(self, inc) self.n = self.n + (inc or 1); return self.n end,
})
Counter(); Counter(5)
print(Counter.n, Counter(10))

do
  local order = {}
  do
    local r1 <close> = setmetatable({}, { __close = function() order[#order + 1] = "r1" end })
    local r2 <close> = setmetatable({}, { __close = function() order[#order + 1] = "r2" end })
    order[#order + 1] = "body"
  end
  print(table.concat(order, ","))
end

-- a stack class with method chaining and __tostring
local Stack = {}
Stack.__index = Stack
Stack.__tostring = function(s) return "Stack[" .. table.concat(s.items, ",") .. "]" end
Stack.__len = function(s) return #s.items end
function Stack.new() return setmetatable({ items = {} }, Stack) end
function Stack:push(...) for _, v in ipairs({ ... }) do self.items[#self.items + 1] = v end return self end
function Stack:pop() return table.remove(self.items) end
local st = Stack.new():push(1, 2, 3):push(4)
print(tostring(st), #st, st:pop(), st:pop(), tostring(st))

-- class with private state in closures and a class-level counter
local Account = { count = 0 }
Account.__index = Account
function Account.new(owner, balance)
  Account.count = Account.count + 1
  local self = setmetatable({ owner = owner }, Account)
  local bal = balance or 0
  function self.deposit(v) bal = bal + v; return bal end
  function self.withdraw(v)
    if v > bal then error("insufficient funds in " .. owner .. "'s account", 2) end
    bal = bal - v
    return bal
  end
  function self.balance() return bal end
  return self
end
local acct = Account.new("Ann", 100)
local acct2 = Account.new("Ben")
acct.deposit(50)
print(acct.withdraw(30), acct.balance(), acct2.balance(), Account.count)
print(pcall(acct.withdraw, 1000))

-- metatables on strings
local smt = getmetatable("")
print(smt.__index == string, ("abc"):len(), ("%d-%d"):format(1, 2))

-- __eq only applies to tables; __lt on mixed types errors
print(pcall(function() return a < 1 end))
print(setmetatable({}, { __metatable = "locked" }) and getmetatable(setmetatable({}, { __metatable = "locked" })))
