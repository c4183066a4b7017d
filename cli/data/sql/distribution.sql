-- Base-year totals of the cost distribution, the tail above the threshold (Hill estimator sums) and people above
-- each stop-loss attachment (annual, not annualised, cost: a stop-loss attaches to what was spent).
SELECT
  COUNT(*) AS people,
  SUM(person_years) AS person_years,
  SUM(cost) AS spend,
  SUM(CASE WHEN cost = 0 THEN person_years ELSE 0 END) AS zero_person_years,
  SUM(CASE WHEN cost / person_years > {{threshold}} THEN 1 ELSE 0 END) AS tail_people,
  SUM(CASE WHEN cost / person_years > {{threshold}} THEN person_years ELSE 0 END) AS tail_person_years,
  SUM(CASE WHEN cost / person_years > {{threshold}} THEN person_years * LN(cost / person_years / {{threshold}})
    ELSE 0 END) AS tail_log_excess
  {{attachment_columns}}
FROM person_level
WHERE fy = {{base_fy}}
