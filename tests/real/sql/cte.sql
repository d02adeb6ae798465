-- Recursive CTEs: counters, Fibonacci, a tree walk, string building,
-- and an ASCII Mandelbrot (floating point inside recursion).
.mode list

WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < 10)
SELECT group_concat(x, ' ') FROM cnt;

WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt LIMIT 1000)
SELECT count(*), sum(x), sum(x * x), avg(x) FROM cnt;

WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 90)
SELECT n, a FROM fib WHERE n IN (1, 2, 3, 10, 50, 90) ORDER BY n;

WITH RECURSIVE fact(n, f) AS (SELECT 0, 1 UNION ALL SELECT n + 1, f * (n + 1) FROM fact WHERE n < 20)
SELECT n, f FROM fact WHERE n % 5 = 0 ORDER BY n;

-- a hierarchy
CREATE TABLE node (id INTEGER PRIMARY KEY, parent INTEGER, label TEXT);
INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'usr'), (3, 1, 'etc'), (4, 2, 'bin'), (5, 2, 'lib'),
  (6, 5, 'gcc'), (7, 3, 'apt'), (8, 7, 'sources.list.d'), (9, 4, 'lua'), (10, 5, 'x86_64');

WITH RECURSIVE tree(id, depth, path) AS (
  SELECT id, 0, label FROM node WHERE parent IS NULL
  UNION ALL
  SELECT n.id, t.depth + 1, t.path || '/' || n.label FROM node n JOIN tree t ON n.parent = t.id
)
SELECT depth, substr('        ', 1, depth * 2) || path FROM tree ORDER BY path;

WITH RECURSIVE anc(id, parent, label) AS (
  SELECT id, parent, label FROM node WHERE label = 'x86_64'
  UNION ALL
  SELECT n.id, n.parent, n.label FROM node n JOIN anc a ON n.id = a.parent
)
SELECT group_concat(label, ' <- ') FROM anc;

-- subtree sizes
WITH RECURSIVE sub(top, id) AS (
  SELECT id, id FROM node
  UNION ALL
  SELECT s.top, n.id FROM node n JOIN sub s ON n.parent = s.id
)
SELECT n.label, count(*) - 1 AS descendants FROM sub JOIN node n ON n.id = sub.top GROUP BY sub.top ORDER BY descendants DESC, n.label;

-- string building: reverse a string, digits of a number in binary
WITH RECURSIVE rev(i, acc) AS (
  SELECT length('recursive strings'), ''
  UNION ALL
  SELECT i - 1, acc || substr('recursive strings', i, 1) FROM rev WHERE i > 0
)
SELECT acc FROM rev WHERE i = 0;

WITH RECURSIVE bin(n, bits) AS (
  SELECT 2024, ''
  UNION ALL
  SELECT n / 2, (n % 2) || bits FROM bin WHERE n > 0
)
SELECT bits FROM bin WHERE n = 0;

-- collatz lengths for 1..30, longest first
WITH RECURSIVE c(start, x, steps) AS (
  SELECT value, value, 0 FROM (WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 30) SELECT value FROM s)
  UNION ALL
  SELECT start, CASE WHEN x % 2 = 0 THEN x / 2 ELSE 3 * x + 1 END, steps + 1 FROM c WHERE x <> 1
)
SELECT start, max(steps) AS len FROM c GROUP BY start ORDER BY len DESC, start LIMIT 5;

-- the classic Mandelbrot set in SQL
WITH RECURSIVE
  xaxis(x) AS (VALUES(-2.0) UNION ALL SELECT x + 0.05 FROM xaxis WHERE x < 1.2),
  yaxis(y) AS (VALUES(-1.0) UNION ALL SELECT y + 0.1 FROM yaxis WHERE y < 1.0),
  m(iter, cx, cy, x, y) AS (
    SELECT 0, x, y, 0.0, 0.0 FROM xaxis, yaxis
    UNION ALL
    SELECT iter + 1, cx, cy, x * x - y * y + cx, 2.0 * x * y + cy FROM m
    WHERE (x * x + y * y) < 4.0 AND iter < 28
  ),
  m2(iter, cx, cy) AS (SELECT max(iter), cx, cy FROM m GROUP BY cx, cy),
  a(t) AS (
    SELECT group_concat(substr(' .+*#', 1 + min(iter / 7, 4), 1), '')
    FROM m2 GROUP BY cy ORDER BY cy
  )
SELECT group_concat(rtrim(t), x'0a') FROM a;
