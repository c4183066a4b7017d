-- People by level of need and year, whatever the segmentation.
SELECT fy, need, COUNT(*) AS people, SUM(person_years) AS person_years, SUM(cost) AS spend
FROM person_level
GROUP BY fy, need
