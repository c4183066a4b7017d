-- Users (people with any activity in the line), contacts and spend by year, segment cell and line.
SELECT
  p.fy,
  p.band,
  p.seg_sex,
  p.seg_imd,
  p.seg_need,
  l.line,
  COUNT(*) AS users,
  SUM(l.events) AS events,
  SUM(l.spend) AS spend
FROM person_line l
JOIN person_level p ON p.pk = l.pk AND p.fy = l.fy
GROUP BY p.fy, p.band, p.seg_sex, p.seg_imd, p.seg_need, l.line
