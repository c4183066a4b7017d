-- For each cost-rank condition of the level-of-need rule: per year, the smallest annual cost whose cumulative
-- share of people (CUME_DIST) reaches the rank. cost_rank >= r  <=>  cost >= PERCENTILE_DISC(r), so the rule
-- needs no window over every person.
SELECT fy, {{threshold_columns}}
FROM person_year
GROUP BY fy
