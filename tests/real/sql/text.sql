-- Text functions, printf(), LIKE/GLOB, string aggregation, quoting, blobs.
.mode list
.separator " | "

SELECT upper('Hello'), lower('WoRLD'), length('héllo'), length(x'00ff10'), length(CAST('héllo' AS BLOB));
SELECT substr('abcdefgh', 3), substr('abcdefgh', 3, 2), substr('abcdefgh', -3), substr('abcdefgh', -3, 2), substr('abc', 0, 2);
SELECT replace('a-b-c-d', '-', '+'), replace('aaaa', 'aa', 'b'), instr('hello world', 'o'), instr('hello', 'z');
SELECT trim('  pad  ') || '|', ltrim('xxabcxx', 'x'), rtrim('xxabcxx', 'x'), trim('--a-b--', '-');
SELECT 'con' || 'cat' || 123 || NULL IS NULL, 'con' || 'cat' || 123;
SELECT hex('Lua'), hex(255), hex(zeroblob(3)), quote('it''s'), quote(12), quote(NULL), quote(x'cafe');
SELECT char(72, 105, 0x263A), unicode('A'), unicode('€'), typeof('x'), typeof(1), typeof(1.5), typeof(NULL), typeof(x'01');
SELECT 'abc' LIKE 'A%', 'abc' LIKE '_b_', 'abc' GLOB 'A*', 'abc' GLOB 'a?c', 'a_c' LIKE 'a\_c' ESCAPE '\', 'abc' GLOB '[a-c]*';
SELECT coalesce(NULL, NULL, 'third'), ifnull(NULL, 'dflt'), nullif(5, 5), nullif(5, 6), iif(1 > 2, 'yes', 'no');
SELECT 'b' > 'a', 'B' < 'a', 'abc' = 'ABC', 'abc' = 'ABC' COLLATE NOCASE, min('pear', 'apple', 'fig'), max('pear', 'apple', 'fig');

-- printf / format
SELECT printf('%d|%5d|%-5d|%05d|%+d', 42, 42, 42, 42, 42);
SELECT printf('%x|%X|%o|%c|%%', 255, 255, 8, 'Zed');
SELECT printf('%s|%10s|%-10s|%.2s|%q|%Q|%Q', 'sql', 'right', 'left', 'truncate', 'it''s', 'quoted', NULL);
SELECT printf('%.3f|%10.4f|%-10.1f|%e|%g|%g', 3.14159265, 2.0 / 3, 99.95, 12345.678, 0.0001, 1e20);
SELECT printf('%,d|%,d', 1234567, -9876543210), format('%s has %d items', 'cart', 3);
SELECT printf('%!.3g|%.20s|%w', 1.0, 'a longer string than twenty chars', 'x"y');
SELECT printf('[%*d] [%-*d] [%.*f]', 6, 7, 6, 7, 2, 3.14159);

-- string aggregation
CREATE TABLE words (w TEXT, grp INTEGER);
INSERT INTO words VALUES ('delta', 1), ('alpha', 1), ('charlie', 2), ('bravo', 2), ('echo', 1), ('foxtrot', 3);
SELECT grp, group_concat(w, '+') FROM (SELECT * FROM words ORDER BY w) GROUP BY grp ORDER BY grp;
SELECT grp, count(*), max(length(w)), min(w), max(w) FROM words GROUP BY grp ORDER BY grp;
SELECT w, upper(substr(w, 1, 1)) || substr(w, 2) AS cap, length(w) AS len FROM words ORDER BY len, w;
SELECT w FROM words WHERE w LIKE '%o%' ORDER BY w DESC;
SELECT w, replace(replace(replace(replace(replace(w, 'a', '4'), 'e', '3'), 'o', '0'), 'l', '1'), 't', '7') FROM words ORDER BY w;

-- casts between text and numbers
SELECT CAST('42' AS INTEGER), CAST('3.75abc' AS REAL), CAST(12.9 AS INTEGER), CAST(-12.9 AS INTEGER), CAST(100 AS TEXT) || '!';
SELECT '10' + 5, '2.5' * 2, 'abc' + 1, '0x10' + 0, 10 || 20, '5' = 5, CAST('5' AS INTEGER) = 5;

-- json
SELECT json_object('name', 'Ann', 'age', 37, 'tags', json_array('a', 'b'));
SELECT json_extract('{"a":{"b":[10,20,30]}}', '$.a.b[1]'), json_array_length('[1,2,3,4]'), json_type('{"x":1.5}', '$.x');
SELECT key, value FROM json_each('{"one":1,"two":"2","three":[3]}') ORDER BY key;

-- a multi-column result in other output modes
.mode csv
.headers on
SELECT w AS word, length(w) AS n, printf('%08.3f', length(w) / 3.0) AS ratio FROM words ORDER BY w;
.mode column
SELECT w, grp FROM words ORDER BY grp, w;
.headers off
.mode quote
SELECT 'q''uote', 1.5, NULL, x'00ab';
