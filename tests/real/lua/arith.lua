-- Integer and float arithmetic: // and % on mixed signs, math.floor/ceil,
-- conversions, overflow wrap-around, bitwise operators, float formatting.

print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7.0 // 2, -7.5 // 2)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 5.5 % 2, -5.5 % 2, 5 % 2.5)
print(7 / 2, 8 / 2, 1 / 3, 2 ^ 10, 2 ^ 0.5, 10 // 0.0, -10 % math.huge)
print(math.floor(3.7), math.floor(-3.7), math.ceil(3.2), math.ceil(-3.2), math.floor(5))
print(math.type(math.floor(3.7)), math.type(3 // 1), math.type(3.0 // 1), math.type(2 ^ 2))
print(math.abs(-5), math.abs(-5.5), math.max(3, 9, 1), math.min(3, 9, 1), math.max(1.5, 2))
print(math.sqrt(16), math.sqrt(2), math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3))
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.ult(1, -1))
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
print(math.maxinteger * 2, math.mininteger // -1, math.mininteger % -1)
print(math.pi, -math.pi, math.huge, -math.huge, math.huge - math.huge ~= math.huge - math.huge)
print(string.format("%.17g %.17g %.17g", 0.1, 1 / 3, 2 / 3))
print(0.1 + 0.2, 0.1 + 0.2 == 0.3, 100000000000000, 1e15, 1e16, 123456789012345678)
print(3 == 3.0, 1 < 1.5, -0.0 == 0.0, 2 ^ 63, -(2 ^ 63), math.tointeger(2 ^ 53))
print(5 // 0.0, -5 // 0.0, 0/0 ~= 0/0)
print(pcall(function() return 5 // 0 end))
print(pcall(function() return 5 % 0 end))

-- bitwise
print(0xFF & 0x0F, 0xF0 | 0x0F, 0xFF ~ 0x0F, ~0, 1 << 10, 1024 >> 3, -1 >> 60, 1 << 63, 1 << 64)
print(3.0 | 0, pcall(function() return 3.5 | 0 end))
print(string.format("%x %x", -1, 0x7fffffff << 4))

-- integer loops and accumulations
local s, p = 0, 1
for i = 1, 20 do s = s + i * i; p = p * i end
print(s, p)
local f = 0.0
for i = 1, 10 do f = f + 0.1 end
print(f, f == 1.0, string.format("%.20f", f))
for x = 1.0, 2.0, 0.25 do io.write(x, " ") end
print()
for x = 10, 1, -3 do io.write(x, " ") end
print()

-- gcd, lcm, primes, collatz: integer-heavy code
local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
print(gcd(1071, 462), gcd(2 ^ 40 // 1, 6 ^ 10 // 1), 12 * 18 // gcd(12, 18))
local longest, arg = 0, 0
for n = 1, 3000 do
  local x, steps = n, 0
  while x ~= 1 do
    if x % 2 == 0 then x = x // 2 else x = 3 * x + 1 end
    steps = steps + 1
  end
  if steps > longest then longest, arg = steps, n end
end
print("collatz", arg, longest)

-- float formatting through tostring/print and %g
local vals = { 1.5, -2.25, 1e300, 1e-300, 123.456, 5e-324, 2 ^ 24, 1 / 7, 100.0, -0.0 }
local out = {}
for i, v in ipairs(vals) do out[i] = tostring(v) end
print(table.concat(out, " "))
for _, v in ipairs({ 0.5, 1.5, 2.5, -0.5, 1234.5678, 0.000012345 }) do
  io.write(string.format("[%.0f %.1f %8.3f %-10.2e %g]", v, v, v, v, v))
end
print()

-- numeric for with float step accumulates exactly as C does
local acc = 0
for i = 1, 1000 do acc = acc + 1 / i end
print(string.format("harmonic %.12f", acc))
local pi_est = 0
for k = 0, 9999 do pi_est = pi_est + (k % 2 == 0 and 1 or -1) / (2 * k + 1) end
print(string.format("leibniz %.10f", 4 * pi_est))
print(math.floor(-0.0), 1 // 1, 2 ^ -1, 8 % 3.5, -2 ^ 2, (-2) ^ 2)
print(string.format("%d", 3.0), pcall(string.format, "%d", 3.5))
print(7 // 0.5, 1e308 * 10, -1e308 * 10, math.floor(1e100) == 1e100)
