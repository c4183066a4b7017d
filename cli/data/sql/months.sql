-- Months with accepted activity in each financial year (a year with fewer than 12 is probably incomplete).
SELECT fy, COUNT(DISTINCT month) AS months, SUM(events) AS events
FROM activity_months
GROUP BY fy
