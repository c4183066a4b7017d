-- Base-year users, contacts and spend by local setting code.
SELECT s.code, COUNT(DISTINCT a.pk) AS users, SUM(a.events) AS events, SUM(a.cost) AS spend
FROM activity_agg a
JOIN settings_map s ON s.setting_id = a.setting_id
WHERE a.fy = {{base_fy}}
GROUP BY s.code
