-- Tables, inserts, updates, deletes, joins, GROUP BY/HAVING, aggregates.
-- Every query that returns more than one row has an ORDER BY.
.headers on
.mode list

CREATE TABLE dept (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, floor INTEGER);
CREATE TABLE emp (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  dept_id INTEGER REFERENCES dept(id),
  salary INTEGER,
  hired TEXT,
  manager_id INTEGER
);

INSERT INTO dept (name, floor) VALUES ('Engineering', 3), ('Sales', 1), ('Support', 1), ('Research', 4);
INSERT INTO emp (name, dept_id, salary, hired, manager_id) VALUES
  ('Ada', 1, 120000, '2015-03-01', NULL),
  ('Brian', 1, 95000, '2018-07-15', 1),
  ('Chen', 1, 87000, '2020-01-10', 2),
  ('Dana', 2, 70000, '2016-11-30', 1),
  ('Eli', 2, 64000, '2021-05-05', 4),
  ('Fatima', 3, 52000, '2019-09-09', 1),
  ('Gus', 3, 51000, '2022-02-22', 6),
  ('Hana', NULL, 45000, '2023-06-01', NULL),
  ('Ivan', 2, 73000, '2017-04-18', 4);

SELECT count(*) AS n, sum(salary) AS total, min(salary) AS lo, max(salary) AS hi FROM emp;
SELECT avg(salary) AS mean FROM emp;

-- inner join and left join
SELECT e.name, d.name AS dept FROM emp e JOIN dept d ON d.id = e.dept_id ORDER BY e.name;
SELECT d.name, count(e.id) AS staff FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id ORDER BY staff DESC, d.name;
SELECT e.name FROM emp e LEFT JOIN dept d ON d.id = e.dept_id WHERE d.id IS NULL;

-- self join: employee and manager
SELECT e.name AS employee, coalesce(m.name, '-') AS manager FROM emp e LEFT JOIN emp m ON m.id = e.manager_id ORDER BY e.id;

-- group by with having and several aggregates
SELECT d.name, count(*) AS n, sum(e.salary) AS total, max(e.salary) - min(e.salary) AS spread,
       group_concat(e.name, ',') AS members
FROM emp e JOIN dept d ON d.id = e.dept_id
GROUP BY d.name HAVING count(*) >= 2 ORDER BY total DESC;

SELECT d.floor, count(DISTINCT d.id) AS depts, count(e.id) AS people
FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.floor ORDER BY d.floor;

-- subqueries
SELECT name, salary FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY salary DESC;
SELECT name FROM dept WHERE id NOT IN (SELECT dept_id FROM emp WHERE dept_id IS NOT NULL) ORDER BY name;
SELECT name, (SELECT count(*) FROM emp m WHERE m.manager_id = e.id) AS reports FROM emp e ORDER BY reports DESC, name LIMIT 4;
SELECT EXISTS (SELECT 1 FROM emp WHERE salary > 100000) AS rich, EXISTS (SELECT 1 FROM emp WHERE salary < 0) AS negative;

-- update / delete and their effects
UPDATE emp SET salary = salary + salary / 10 WHERE dept_id = 3;
SELECT name, salary FROM emp WHERE dept_id = 3 ORDER BY name;
DELETE FROM emp WHERE hired >= '2022-01-01';
SELECT changes() AS deleted, total_changes() AS all_changes;
SELECT count(*) FROM emp;

-- insert from select, upsert, returning
CREATE TABLE summary (dept TEXT PRIMARY KEY, headcount INTEGER, payroll INTEGER);
INSERT INTO summary SELECT d.name, count(*), sum(e.salary) FROM emp e JOIN dept d ON d.id = e.dept_id GROUP BY d.name;
INSERT INTO summary VALUES ('Sales', 99, 0) ON CONFLICT(dept) DO UPDATE SET headcount = headcount + 1;
SELECT * FROM summary ORDER BY dept;
INSERT INTO summary VALUES ('Legal', 0, 0) RETURNING dept, headcount;

-- ordering with NULLs, LIMIT/OFFSET, CASE
SELECT name, dept_id FROM emp ORDER BY dept_id NULLS FIRST, name LIMIT 3 OFFSET 1;
SELECT name,
       CASE WHEN salary >= 100000 THEN 'high' WHEN salary >= 70000 THEN 'mid' ELSE 'low' END AS band
FROM emp ORDER BY salary DESC;

-- views, indexes, transactions
CREATE VIEW payroll AS SELECT d.name AS dept, sum(e.salary) AS total FROM emp e JOIN dept d ON d.id = e.dept_id GROUP BY d.name;
CREATE INDEX emp_salary ON emp(salary);
SELECT * FROM payroll ORDER BY total;
BEGIN;
DELETE FROM emp;
SELECT count(*) AS inside_txn FROM emp;
ROLLBACK;
SELECT count(*) AS after_rollback FROM emp;

-- window functions
SELECT name, dept_id, salary,
       rank() OVER (PARTITION BY dept_id ORDER BY salary DESC) AS rnk,
       sum(salary) OVER (PARTITION BY dept_id) AS dept_total,
       row_number() OVER (ORDER BY hired) AS seniority
FROM emp WHERE dept_id IS NOT NULL ORDER BY dept_id, rnk;


-- conflicts resolved without an error (an error would make the shell exit 1)
INSERT OR IGNORE INTO dept (name, floor) VALUES ('Sales', 9), ('Legal', 2);
INSERT OR REPLACE INTO dept (id, name, floor) VALUES (4, 'Research', 5);
SELECT id, name, floor FROM dept ORDER BY id;
