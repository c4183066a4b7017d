-- From the person-years, in one pass (GROUPING SETS): people, person-years, spend, contacts, person-years with no
-- cost and the second moment of annualised cost by year and segment cell; the same by year and level of need;
-- and by year, practice and segment cell.
SELECT
  GROUPING(need) AS not_by_level,
  GROUPING(practice_code) AS not_by_practice,
  fy,
  band,
  seg_sex,
  seg_imd,
  seg_need,
  need,
  practice_code,
  COUNT(*) AS people,
  SUM(person_years) AS person_years,
  SUM(cost) AS spend,
  SUM(events) AS events,
  SUM(CASE WHEN cost = 0 THEN person_years ELSE 0 END) AS zero_person_years,
  SUM(cost * cost / person_years) AS sum_squares
FROM person_level
GROUP BY GROUPING SETS (
  (fy, band, seg_sex, seg_imd, seg_need),
  (fy, need),
  (fy, practice_code, band, seg_sex, seg_imd, seg_need)
)
