-- Person-year-weighted percentiles of annualised cost (cost / person-years) in the base year, and the share of
-- spend of the costliest share q of person-years, from one ordering of the base year's people.
WITH b AS (
  SELECT cost, cost / person_years AS annualised, person_years
  FROM person_level
  WHERE fy = {{base_fy}}
), r AS (
  SELECT
    cost,
    annualised,
    person_years,
    SUM(person_years) OVER (ORDER BY annualised ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS at_or_below,
    SUM(person_years) OVER () AS total_person_years,
    SUM(cost) OVER () AS total_cost
  FROM b
)
SELECT {{columns}}
FROM r
