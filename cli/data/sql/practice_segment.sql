-- Base-year people, person-years and spend by practice and segment cell.
SELECT
  practice_code,
  band,
  seg_sex,
  seg_imd,
  seg_need,
  COUNT(*) AS people,
  SUM(person_years) AS person_years,
  SUM(cost) AS spend
FROM person_level
WHERE fy = {{base_fy}}
GROUP BY practice_code, band, seg_sex, seg_imd, seg_need
