-- Rejected rows by reason, and up to three examples of each (file and offending value; never an id).
-- <rows> is the number of input rows a row of <table> stands for.
WITH counts AS (
  SELECT reason, SUM({{rows}}) AS rows_rejected
  FROM {{table}}
  WHERE reason IS NOT NULL
  GROUP BY reason
), examples AS (
  SELECT reason, source_file, bad_value,
    ROW_NUMBER() OVER (PARTITION BY reason ORDER BY source_file, bad_value) AS n
  FROM (SELECT DISTINCT reason, source_file, bad_value FROM {{table}} WHERE reason IS NOT NULL) d
)
SELECT c.reason, c.rows_rejected, e.source_file, e.bad_value
FROM counts c
LEFT JOIN examples e ON e.reason = c.reason AND e.n <= 3
ORDER BY c.reason, e.n
