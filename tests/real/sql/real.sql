-- Real (double) and integer arithmetic: division, modulo, rounding,
-- overflow to real, aggregates over floats, and text rendering of reals.
.mode list

SELECT 7 / 2, 7.0 / 2, -7 / 2, 7 % 3, -7 % 3, 7 % -3, 7.5 % 2, 1 / 0, 1.0 / 0, 0 / 0.0;
SELECT 0.1 + 0.2, 0.1 + 0.2 = 0.3, 1e308 * 10, -1e308 * 10, 1.0 / 3, 2.0 / 3, 100.0, 1e15, 1e16, 1.5e-7;
SELECT round(2.5), round(-2.5), round(3.14159, 2), round(1234.5678, -2), round(0.5), round(1.005, 2);
SELECT abs(-5), abs(-5.5), abs(NULL), sign(-3), sign(0), sign(2.5), max(1, 2.5, -3), min(1, 2.5, -3);
SELECT 9223372036854775807 + 1, -9223372036854775808 - 1, 9223372036854775807 * 2, 4611686018427387904 * 2;
SELECT typeof(9223372036854775807 + 1), typeof(1 + 1), typeof(1 + 1.0), typeof(10 / 4), typeof(10 / 4.0);
SELECT CAST(1e18 AS INTEGER), CAST(1e19 AS INTEGER), CAST(-1e19 AS INTEGER), CAST(9.99 AS INTEGER), CAST('1e3' AS REAL);
SELECT printf('%.15g', 0.1), printf('%.17g', 0.1), printf('%.1f', 0.05), printf('%.0f', 2.5), printf('%.0f', 3.5);
SELECT 1 << 62, 1 << 63, 1 << 64, -1 >> 1, 5 & 3, 5 | 3, ~5, 255 >> 4;
SELECT 2 * 3 + 4, 2 * (3 + 4), -2 * -3, 10 - 2 - 3, 2.0 * 0.5, 3 - 3.0, 1e-3 * 1e3;

-- aggregates over reals
CREATE TABLE m (k TEXT, v REAL, n INTEGER);
INSERT INTO m VALUES ('a', 1.5, 1), ('a', 2.25, 2), ('a', -0.75, 3), ('b', 1e10, 4), ('b', 1e-10, 5),
  ('b', 3.0, 6), ('c', NULL, 7), ('c', 0.1, 8), ('c', 0.2, 9), ('c', 0.3, 10);
SELECT k, count(v), sum(v), total(v), avg(v), min(v), max(v) FROM m GROUP BY k ORDER BY k;
SELECT sum(n), avg(n), sum(n * v), total(n) / count(*), sum(v) / sum(n) FROM m;
SELECT k, printf('%.6f', avg(v)), printf('%12.4e', sum(v)) FROM m GROUP BY k ORDER BY k;
SELECT n, v, n * v, n / 3, n / 3.0, n % 4, v * v FROM m WHERE v IS NOT NULL ORDER BY n;

-- numeric algorithms with a recursive CTE: sqrt by Newton, pi by Leibniz, e by series
WITH RECURSIVE newton(i, x) AS (SELECT 0, 2.0 UNION ALL SELECT i + 1, (x + 2.0 / x) / 2 FROM newton WHERE i < 6)
SELECT i, printf('%.15f', x) FROM newton ORDER BY i;
WITH RECURSIVE leib(k, s) AS (SELECT 0, 0.0 UNION ALL SELECT k + 1, s + (CASE WHEN k % 2 = 0 THEN 1.0 ELSE -1.0 END) / (2 * k + 1) FROM leib WHERE k < 5000)
SELECT printf('%.10f', 4 * s) FROM leib WHERE k = 5000;
WITH RECURSIVE e(n, term, s) AS (SELECT 0, 1.0, 1.0 UNION ALL SELECT n + 1, term / (n + 1), s + term / (n + 1) FROM e WHERE n < 20)
SELECT printf('%.15f', s), s FROM e WHERE n = 20;
WITH RECURSIVE h(i, s) AS (SELECT 1, 1.0 UNION ALL SELECT i + 1, s + 1.0 / (i + 1) FROM h WHERE i < 1000)
SELECT s FROM h WHERE i = 1000;

-- compound interest table, text rendering of reals
WITH RECURSIVE y(year, bal) AS (SELECT 0, 1000.0 UNION ALL SELECT year + 1, bal * 1.035 FROM y WHERE year < 10)
SELECT year, bal, round(bal, 2), printf('%10.2f', bal) FROM y ORDER BY year;
SELECT CAST(0.1 AS TEXT), CAST(1.0 AS TEXT), CAST(1e100 AS TEXT), CAST(-0.0 AS TEXT), CAST(123456789.123 AS TEXT), 1e-5, 12345678901234567890;
SELECT 3.0 = 3, 3.0 == '3', '3.0' = 3, 1.5 IN (1.5, 2), 1 BETWEEN 0.5 AND 1.5, 10.0 > 9;
