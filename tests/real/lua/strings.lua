-- Strings: string.format, patterns, gsub/gmatch, byte/char, rep, sub.
-- Output must not depend on addresses, time or hash order.

local s = "The quick brown fox jumps over the lazy dog"
print(#s, s:upper(), s:lower())
print(s:sub(5, 9), s:sub(-3), s:sub(-8, -5), s:sub(100), "[" .. s:sub(0) .. "]")
print(s:reverse())
print(s:find("fox"), s:find("o", 20), s:find("xyz"), s:find("l.zy"), s:find(".", 1, true))

-- string.format with many conversions
print(string.format("%d|%5d|%-5d|%05d|%+d", 42, 42, 42, 42, 42))
print(string.format("%x|%X|%#x|%o|%c%c%c", 255, 48879, 4096, 8, 76, 117, 97))
print(string.format("%s|%10s|%-10s|%.3s", "lua", "right", "left", "truncate"))
print(string.format("%q", 'a "quoted"\n\tstring\0end'))
print(string.format("%q|%q|%q", 1/0, -1/0, 12345678901234))
print(string.format("%5.1f|%.3f|%e|%.2e|%g|%g|%g", 3.14159, 2/3, 12345.678, 0.000123, 1e20, 0.1, 100))
print(string.format("%a", 1.0), string.format("%i", -7), string.format("%%"))
print(string.format("%-8s|%8.2f|%3d", "item", 9.5, 7))

-- patterns
for word in s:gmatch("%a+") do io.write(word:sub(1, 1)) end
print()
for k, v in string.gmatch("a=1, b=22, ccc=333", "(%w+)=(%w+)") do
  io.write(k, "->", v, ";")
end
print()
print(string.gsub("hello world", "o", "0"))
print(string.gsub("hello world", "(%w+)", "<%1>"))
print(string.gsub("hello world", "%w+", function(w) return w:upper() end, 1))
print(string.gsub("$name is $age", "%$(%w+)", { name = "Ann", age = 37 }))
print(string.gsub("abc", "", "-"))
print(string.match("2024-03-15", "(%d+)-(%d+)-(%d+)"))
print(string.match("  trim me  ", "^%s*(.-)%s*$") .. "|")
print(string.match("key = value", "(%w+)%s*=%s*(%w+)"))
print(string.match("[[nested]]", "%[(%b[])%]"))
print(string.find("THE (quick) fox", "%((%a+)%)"))
print(string.match("f(a(b)c)d", "%b()"), string.match("x", "()"))
print(string.gsub("one two  three", "%s+", "_"))
print(("%d items"):format(3), ("x"):rep(5), ("ab"):rep(3, ","))
print(string.match("hello123world", "%a+(%d+)%a+"), string.match("3.25e+10", "^[+-]?%d+%.?%d*[eE]?[+-]?%d*$"))
print(string.find("a.b.c", ".", 2, true), string.find("frontier THE end", "%f[%a]%u+%f[%A]"))

-- bytes and chars
print(string.byte("ABC", 1, -1))
print(string.char(72, 105, 33), ("xyz"):byte(-1))
local t = {}
for i = 1, 10 do t[#t + 1] = string.char(96 + i) end
print(table.concat(t), table.concat(t, ",", 3, 6))

-- tostring / tonumber round trips
print(tostring(10), tostring(10.0), tostring(-0.0), tostring(1e100), tostring(2^53))
print(tonumber("0x1F"), tonumber("  12  "), tonumber("1e3"), tonumber("z", 36), tonumber("777", 8), tonumber("12abc"))
print(tonumber("0x1p4"), tonumber(".5"), tonumber("5."), math.type(tonumber("10")), math.type(tonumber("10.0")))
print("10" + 5, "3" * "4", 10 .. 20, "2" ^ 10)

-- string comparisons and long strings
print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "abc" == "abc")
local long = [[
line one
line "two"]]
print(long, #long)
local parts = {}
for line in ("alpha\nbeta\ngamma\n"):gmatch("([^\n]*)\n") do parts[#parts + 1] = line:upper() end
print(table.concat(parts, "+"))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"), #"häll€")
for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end
print()
