-- Base-year users, contacts and spend by local setting code (activity_agg has one row per person, year and
-- setting, so its rows are the setting's users).
SELECT s.code, COUNT(*) AS users, SUM(a.events) AS events, SUM(a.cost) AS spend
FROM activity_agg a
JOIN settings_map s ON s.setting_id = a.setting_id
WHERE a.fy = {{base_fy}}
GROUP BY s.code
