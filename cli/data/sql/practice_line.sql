-- Base-year users, contacts and spend by practice and line.
SELECT p.practice_code, l.line, COUNT(*) AS users, SUM(l.events) AS events, SUM(l.spend) AS spend
FROM person_line l
JOIN person_level p ON p.pk = l.pk AND p.fy = l.fy
WHERE l.fy = {{base_fy}}
GROUP BY p.practice_code, l.line
