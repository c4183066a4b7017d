-- Every activity row of every activity file (<sources>: one typed SELECT per file, UNION ALL) is accepted, or
-- rejected with the first check it fails (shared/core/dataProfile/quality.ts), in one pass over the files, which
-- keeps three sums (GROUPING SETS): per person, financial year (April to March, by its start year) and setting;
-- per year and month (to flag incomplete years); per reason, offending value and file (the bad-input report;
-- activity_files names each file_index).
CREATE TABLE activity_sums AS
WITH src AS (
  {{sources}}
), t AS (
  SELECT
    -- Ids are trimmed only when padded: most are not, and the join on the untouched strings is much cheaper.
    NULLIF(CASE WHEN person_id LIKE ' %' OR person_id LIKE '% ' THEN TRIM(person_id) ELSE person_id END, '')
      AS person_id,
    activity_date,
    activity_date_bad,
    cost,
    cost_bad,
    NULLIF(UPPER(TRIM(setting)), '') AS setting,
    NULLIF(UPPER(TRIM(urgent)), '') AS urgent_text,
    file_index
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
    EXTRACT(YEAR FROM t.activity_date) - CASE WHEN EXTRACT(MONTH FROM t.activity_date) < 4 THEN 1 ELSE 0 END AS fy,
    CASE
      WHEN t.urgent_text IS NULL THEN m.urgent
      WHEN t.urgent_text IN ('Y', 'YES', '1', 'TRUE', 'T', 'U', 'URGENT') THEN TRUE
      WHEN t.urgent_text IN ('N', 'NO', '0', 'FALSE', 'F', 'P', 'PLANNED') THEN FALSE
    END AS urgent
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
      WHEN urgent_text IS NOT NULL AND urgent IS NULL THEN 'invalid_urgent_flag'
    END AS reason
  FROM j
), checked AS (
  SELECT
    CASE WHEN reason IS NULL THEN pk END AS pk,
    CASE WHEN reason IS NULL THEN fy END AS fy,
    CASE WHEN reason IS NULL THEN EXTRACT(MONTH FROM activity_date) END AS month,
    CASE WHEN reason IS NULL THEN setting_id END AS setting_id,
    CASE WHEN reason IS NULL THEN cost END AS cost,
    CASE WHEN reason IS NULL AND urgent THEN 1 ELSE 0 END AS urgent_event,
    reason,
    CASE reason
      WHEN 'invalid_date' THEN activity_date_bad
      WHEN 'outside_years' THEN CAST(activity_date AS VARCHAR)
      WHEN 'outside_registration' THEN CAST(activity_date AS VARCHAR)
      WHEN 'invalid_cost' THEN COALESCE(cost_bad, CAST(cost AS VARCHAR))
      WHEN 'negative_cost' THEN CAST(cost AS VARCHAR)
      WHEN 'unmapped_setting' THEN setting
      WHEN 'invalid_urgent_flag' THEN urgent_text
    END AS bad_value,
    CASE WHEN reason IS NOT NULL THEN file_index END AS file_index
  FROM r
)
SELECT
  GROUPING(setting_id) AS not_by_setting,
  GROUPING(month) AS not_by_month,
  GROUPING(reason) AS not_by_reason,
  pk,
  fy,
  setting_id,
  month,
  reason,
  bad_value,
  file_index,
  SUM(cost) AS cost,
  COUNT(*) AS events,
  SUM(urgent_event) AS urgent_events
FROM checked
GROUP BY GROUPING SETS ((pk, fy, setting_id), (fy, month), (reason, bad_value, file_index));

-- Accepted activity summed per person, year and setting (with the setting's ongoing-care flag).
CREATE TABLE activity_agg AS
SELECT a.pk, a.fy, a.setting_id, m.ongoing, a.cost, a.events, a.urgent_events
FROM activity_sums a
JOIN settings_map m ON m.setting_id = a.setting_id
WHERE a.not_by_setting = 0 AND a.pk IS NOT NULL;

CREATE TABLE activity_months AS
SELECT fy, month, events FROM activity_sums WHERE not_by_month = 0 AND fy IS NOT NULL;

CREATE TABLE activity_rejected AS
SELECT reason, bad_value, f.name AS source_file, a.events AS row_count
FROM activity_sums a
JOIN activity_files f ON f.file_index = a.file_index
WHERE a.not_by_reason = 0 AND a.reason IS NOT NULL;

DROP TABLE activity_sums;
