-- From each person's spend by line, in one pass (GROUPING SETS): users (people with any activity in the line),
-- contacts and spend by year, segment cell and line, and by year, practice and line.
SELECT
  GROUPING(p.practice_code) AS not_by_practice,
  p.fy,
  p.band,
  p.seg_sex,
  p.seg_imd,
  p.seg_need,
  p.practice_code,
  l.line,
  COUNT(*) AS users,
  SUM(l.events) AS events,
  SUM(l.spend) AS spend
FROM person_line l
JOIN person_level p ON p.pk = l.pk AND p.fy = l.fy
GROUP BY GROUPING SETS (
  (p.fy, p.band, p.seg_sex, p.seg_imd, p.seg_need, l.line),
  (p.fy, p.practice_code, l.line)
)
