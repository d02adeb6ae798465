-- Errors: pcall/xpcall, error with levels and non-string values, runtime
-- errors from the VM (arithmetic on nil, calling nil, indexing nil), nested
-- handlers, error() inside metamethods, assert, tostring of error objects.
-- Messages carry "chunkname:line:", so the script must be run by the same
-- path under both interpreters.

print(pcall(error, "plain"))
print(pcall(error, "no position", 0))
print(pcall(error))
print(pcall(error, 42))
print(select("#", pcall(error, nil)))

local function lvl1() error("from lvl1") end
local function lvl2() error("blame caller", 2) end
local function calls_lvl2() lvl2() end
print(pcall(lvl1))
print(pcall(calls_lvl2))

-- runtime errors raised by the VM
print(pcall(function() local x; return x + 1 end))
print(pcall(function() local t = {}; return t.a.b end))
print(pcall(function() local f; f() end))
print(pcall(function() return #nil end))
print(pcall(function() return {} < {} end))
print(pcall(function() return "abc" + 1 end))
print(pcall(function() return 1 .. {} end))
print(pcall(string.rep))
print(pcall(string.sub))
print(pcall(setmetatable, 1, {}))
print(pcall(function() return math.floor("x") end))

-- error objects that are tables
local E = {}
E.__index = E
E.__tostring = function(e) return "E(" .. e.code .. ": " .. e.msg .. ")" end
local function raise(code, msg) error(setmetatable({ code = code, msg = msg }, E)) end
local ok, e = pcall(raise, 404, "not found")
print(ok, getmetatable(e) == E, e.code, tostring(e))

-- xpcall with a message handler (no traceback: it would name C frames)
local function handler(m) return "handled<" .. tostring(m) .. ">" end
print(xpcall(function() error("boom") end, handler))
print(xpcall(function(a, b) return a + b end, handler, 2, 3))
print(xpcall(function() local z = nil; return z.field end, handler))

-- nested pcall: inner error caught, outer continues
local trace = {}
local ok2, r2 = pcall(function()
  local ok3, e3 = pcall(function() error("inner", 0) end)
  trace[#trace + 1] = tostring(ok3) .. ":" .. e3
  error("outer", 0)
end)
trace[#trace + 1] = tostring(ok2) .. ":" .. r2
print(table.concat(trace, " | "))

-- errors in metamethods and in __tostring
local bomb = setmetatable({}, { __index = function(_, k) error("no field " .. k, 2) end })
print(pcall(function() return bomb.missing end))
local weird = setmetatable({}, { __add = function() error({ "table err" }) end })
local okw, ew = pcall(function() return weird + 1 end)
print(okw, type(ew), ew[1])

-- assert
print(pcall(assert, false))
print(pcall(assert, nil, "custom assert message"))
print(pcall(assert, 1 == 1, "unused"))
print(select("#", assert(1, 2, 3)))

-- error retains position information by level
local function check_positive(n)
  if type(n) ~= "number" then error("expected number, got " .. type(n), 2) end
  if n <= 0 then error(string.format("expected positive, got %d", n), 2) end
  return n
end
print(pcall(check_positive, 5))
print(pcall(function() return check_positive(-3) end))
print(pcall(function() return check_positive("s") end))

-- load with syntax errors (chunk names chosen by us)
print(load("return 1 +", "=snippet"))
print(load("x = = 1", "=other"))
local f = load("local a, b = ... return a * b", "=mul")
print(f(6, 7))
print(pcall(load("error('in loaded chunk')", "=loaded")))

-- stack overflow is caught, and the program continues
local function rec(n) return 1 + rec(n + 1) end
local okso, eso = pcall(rec, 1)
print(okso, (tostring(eso):find("stack overflow")) ~= nil)

-- tostring/tonumber failures don't raise
print(tonumber("nope"), tonumber(nil ~= nil and 1 or "0x"), pcall(tonumber))
-- error in a coroutine propagates through coroutine.wrap
local gen = coroutine.wrap(function() coroutine.yield(1); error("wrapped failure", 0) end)
print(gen(), pcall(gen))
-- string.format argument errors
print(pcall(string.format, "%d", "x"))
print(pcall(string.format, "%q", {}))
-- integer conversion errors
print(pcall(function() return 1 << 1.5 end))
print(pcall(function() return ("x"):rep(-1) end))
print("done")
