-- Checks one activity file (its typed canonical columns come from {{source}}): every row is accepted, or rejected
-- with the first check it fails (shared/core/dataProfile/quality.ts); then folds it into the tables of
-- activity_checked.sql.
CREATE TEMPORARY TABLE file_checked AS
WITH src AS (
  {{source}}
), t AS (
  SELECT
    NULLIF(TRIM(person_id), '') AS person_id,
    activity_date,
    activity_date_bad,
    cost,
    cost_bad,
    NULLIF(UPPER(TRIM(setting)), '') AS setting,
    NULLIF(UPPER(TRIM(urgent)), '') AS urgent_text
  FROM src
), j AS (
  SELECT
    t.*,
    k.pk,
    k.rejected,
    k.registered_from,
    k.registered_to,
    m.setting_id,
    m.urgent AS setting_urgent,
    m.ongoing,
    EXTRACT(YEAR FROM t.activity_date) - CASE WHEN EXTRACT(MONTH FROM t.activity_date) < 4 THEN 1 ELSE 0 END AS fy
  FROM t
  LEFT JOIN person_keys k ON k.person_id = t.person_id
  LEFT JOIN settings_map m ON m.code = t.setting
), r AS (
  SELECT
    j.*,
    CASE
      WHEN person_id IS NULL THEN 'missing_person_id'
      WHEN pk IS NULL THEN 'unknown_person'
      WHEN rejected = 1 THEN 'person_rejected'
      WHEN activity_date IS NULL THEN 'invalid_date'
      WHEN {{outside_years}} THEN 'outside_years'
      WHEN activity_date < registered_from OR activity_date > registered_to THEN 'outside_registration'
      WHEN cost IS NULL AND cost_bad IS NULL THEN 'missing_cost'
      WHEN cost IS NULL OR NOT (cost BETWEEN -1e300 AND 1e300) THEN 'invalid_cost'
      WHEN cost < 0 THEN 'negative_cost'
      WHEN setting IS NULL THEN 'missing_setting'
      WHEN setting_id IS NULL THEN 'unmapped_setting'
      WHEN urgent_text IS NOT NULL AND urgent_text NOT IN
        ('Y', 'YES', '1', 'TRUE', 'T', 'U', 'URGENT', 'N', 'NO', '0', 'FALSE', 'F', 'P', 'PLANNED')
        THEN 'invalid_urgent_flag'
    END AS reason
  FROM j
)
SELECT
  CASE WHEN reason IS NULL THEN pk END AS pk,
  CASE WHEN reason IS NULL THEN fy END AS fy,
  CASE WHEN reason IS NULL THEN EXTRACT(MONTH FROM activity_date) END AS month,
  CASE WHEN reason IS NULL THEN setting_id END AS setting_id,
  CASE WHEN reason IS NULL THEN cost END AS cost,
  CASE
    WHEN reason IS NOT NULL THEN NULL
    WHEN urgent_text IN ('Y', 'YES', '1', 'TRUE', 'T', 'U', 'URGENT') THEN TRUE
    WHEN urgent_text IN ('N', 'NO', '0', 'FALSE', 'F', 'P', 'PLANNED') THEN FALSE
    ELSE setting_urgent
  END AS urgent,
  CASE WHEN reason IS NULL THEN ongoing END AS ongoing,
  reason,
  CASE reason
    WHEN 'invalid_date' THEN activity_date_bad
    WHEN 'outside_years' THEN CAST(activity_date AS VARCHAR)
    WHEN 'outside_registration' THEN CAST(activity_date AS VARCHAR)
    WHEN 'invalid_cost' THEN COALESCE(cost_bad, CAST(cost AS VARCHAR))
    WHEN 'negative_cost' THEN CAST(cost AS VARCHAR)
    WHEN 'unmapped_setting' THEN setting
    WHEN 'invalid_urgent_flag' THEN urgent_text
  END AS bad_value
FROM r;

INSERT INTO activity_agg
SELECT pk, fy, setting_id, urgent, ongoing, SUM(cost), COUNT(*)
FROM file_checked
WHERE reason IS NULL
GROUP BY pk, fy, setting_id, urgent, ongoing;

INSERT INTO activity_months
SELECT fy, month, COUNT(*)
FROM file_checked
WHERE reason IS NULL
GROUP BY fy, month;

INSERT INTO activity_rejected
SELECT reason, bad_value, {{file_name}}, COUNT(*)
FROM file_checked
WHERE reason IS NOT NULL
GROUP BY reason, bad_value;

DROP TABLE file_checked;
