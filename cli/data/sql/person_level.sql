-- Level of need (the rule, compiled from data into <need_rule>) and segment of every person-year.
CREATE TABLE person_level AS
WITH levelled AS (
  SELECT
    p.*,
    CASE {{need_rule}} ELSE 1 END AS need
  FROM person_year p
  JOIN cost_rank_thresholds r ON r.fy = p.fy
)
SELECT
  pk,
  fy,
  practice_code,
  person_years,
  cost,
  events,
  need,
  CASE {{age_bands}} END AS band,
  {{sex_segment}} AS seg_sex,
  {{imd_segment}} AS seg_imd,
  {{need_segment}} AS seg_need
FROM levelled;

-- Spend and contacts of each person in each year and service line.
CREATE TABLE person_line AS
SELECT a.pk, a.fy, s.line, SUM(a.cost) AS spend, SUM(a.events) AS events
FROM activity_agg a
JOIN settings_map s ON s.setting_id = a.setting_id
GROUP BY a.pk, a.fy, s.line;
