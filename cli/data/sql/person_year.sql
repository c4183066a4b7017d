-- Every accepted person in every profile year they were registered: person-years (days registered in the
-- financial year / days in it), annual cost, contacts and age that year.
CREATE TABLE person_year AS
WITH activity AS (
  SELECT
    pk,
    fy,
    SUM(cost) AS cost,
    SUM(events) AS events,
    SUM(urgent_events) AS urgent_contacts,
    SUM(CASE WHEN ongoing THEN events ELSE 0 END) AS ongoing_contacts
  FROM activity_agg
  GROUP BY pk, fy
), grid AS (
  SELECT
    p.pk,
    y.fy,
    p.practice_code,
    p.sex,
    p.imd,
    p.ltc,
    p.age - ({{base_fy}} - y.fy) AS age_in_year,
    CAST(LEAST(COALESCE(p.registered_to, y.fy_end), y.fy_end)
      - GREATEST(COALESCE(p.registered_from, y.fy_start), y.fy_start) + 1 AS DOUBLE) / y.fy_days AS person_years
  FROM people_checked p
  CROSS JOIN profile_years y
  WHERE p.reason IS NULL
)
SELECT
  g.pk,
  g.fy,
  g.practice_code,
  g.sex,
  g.imd,
  g.ltc,
  CASE WHEN g.age_in_year < 0 THEN 0 ELSE g.age_in_year END AS age_used,
  g.person_years,
  COALESCE(a.cost, 0) AS cost,
  COALESCE(a.events, 0) AS events,
  COALESCE(a.urgent_contacts, 0) AS urgent_contacts,
  COALESCE(a.ongoing_contacts, 0) AS ongoing_contacts
FROM grid g
LEFT JOIN activity a ON a.pk = g.pk AND a.fy = g.fy
-- Before birth only if the extract shows activity that year (then counted at age 0, never dropped).
WHERE g.person_years > 0 AND (g.age_in_year >= 0 OR a.pk IS NOT NULL);
