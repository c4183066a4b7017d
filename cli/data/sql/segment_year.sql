-- People, person-years, spend and the second moment of annualised cost by year and segment cell.
SELECT
  fy,
  band,
  seg_sex,
  seg_imd,
  seg_need,
  COUNT(*) AS people,
  SUM(person_years) AS person_years,
  SUM(cost) AS spend,
  SUM(events) AS events,
  SUM(CASE WHEN cost = 0 THEN person_years ELSE 0 END) AS zero_person_years,
  SUM(cost * cost / person_years) AS sum_squares
FROM person_level
GROUP BY fy, band, seg_sex, seg_imd, seg_need
