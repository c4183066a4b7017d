-- One outcome per people row: accepted (reason NULL) or the first check it fails, in the order of
-- shared/core/dataProfile/quality.ts. Portable SQL (docs/patient-data.md lists the two non-ANSI functions used in
-- this directory and their Athena equivalents).
CREATE TABLE people_checked AS
WITH typed AS (
  SELECT
    r.source_file,
    NULLIF(TRIM(r.person_id), '') AS person_id,
    NULLIF(UPPER(TRIM(r.practice_code)), '') AS practice_code,
    r.age,
    r.age_bad,
    NULLIF(UPPER(TRIM(r.sex)), '') AS sex_text,
    r.imd_quintile,
    r.imd_quintile_bad,
    r.imd_decile,
    r.imd_decile_bad,
    NULLIF(UPPER(TRIM(r.lsoa)), '') AS lsoa,
    r.ltc_count,
    r.ltc_count_bad,
    r.ltc_flags_present,
    r.ltc_flag_sum,
    r.registered_from,
    r.registered_from_bad,
    r.registered_to,
    r.registered_to_bad
  FROM people_raw r
), repeated AS (
  SELECT person_id, COUNT(*) AS copies
  FROM typed
  WHERE person_id IS NOT NULL
  GROUP BY person_id
  HAVING COUNT(*) > 1
), counted AS (
  SELECT
    t.*,
    l.imd_decile AS lsoa_decile,
    COALESCE(d.copies, 1) AS copies
  FROM typed t
  LEFT JOIN repeated d ON d.person_id = t.person_id
  LEFT JOIN lsoa_imd l ON l.lsoa = t.lsoa
), checked AS (
  SELECT
    c.*,
    CASE
      WHEN person_id IS NULL THEN 'missing_person_id'
      WHEN copies > 1 THEN 'duplicate_person'
      WHEN practice_code IS NULL THEN 'missing_practice'
      WHEN {{unknown_practice}} THEN 'unknown_practice'
      WHEN age IS NULL AND age_bad IS NULL THEN 'missing_age'
      WHEN age IS NULL OR age <> FLOOR(age) OR age < 0 OR age > 120 THEN 'invalid_age'
      WHEN sex_text IS NULL OR sex_text NOT IN ('F', 'M', 'FEMALE', 'MALE', '1', '2') THEN 'invalid_sex'
      WHEN imd_quintile_bad IS NOT NULL
        OR (imd_quintile IS NOT NULL AND imd_quintile NOT IN (1, 2, 3, 4, 5)) THEN 'invalid_imd'
      WHEN imd_quintile IS NULL AND (imd_decile_bad IS NOT NULL
        OR (imd_decile IS NOT NULL AND imd_decile NOT IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10))) THEN 'invalid_imd'
      WHEN imd_quintile IS NULL AND imd_decile IS NULL AND lsoa IS NOT NULL AND lsoa_decile IS NULL
        THEN 'unknown_lsoa'
      WHEN {{imd_required}} AND imd_quintile IS NULL AND imd_decile IS NULL AND lsoa IS NULL THEN 'missing_imd'
      WHEN ltc_count_bad IS NOT NULL
        OR (ltc_count IS NOT NULL AND (ltc_count <> FLOOR(ltc_count) OR ltc_count < 0 OR ltc_count > 1000))
        THEN 'invalid_ltc'
      WHEN ltc_count IS NULL AND ltc_flags_present AND ltc_flag_sum IS NULL THEN 'invalid_ltc'
      WHEN registered_from_bad IS NOT NULL OR registered_to_bad IS NOT NULL
        OR registered_to < registered_from THEN 'invalid_registration'
    END AS reason
  FROM counted c
)
SELECT
  ROW_NUMBER() OVER () AS pk,
  source_file,
  person_id,
  practice_code,
  CASE WHEN reason IS NULL THEN CAST(age AS INTEGER) END AS age,
  CASE WHEN sex_text IN ('F', 'FEMALE', '2') THEN 'F' ELSE 'M' END AS sex,
  CASE
    WHEN reason IS NOT NULL THEN NULL
    WHEN imd_quintile IS NOT NULL THEN CAST(imd_quintile AS INTEGER)
    WHEN imd_decile IS NOT NULL THEN CAST(FLOOR((imd_decile + 1) / 2) AS INTEGER)
    WHEN lsoa_decile IS NOT NULL THEN CAST(FLOOR((lsoa_decile + 1) / 2) AS INTEGER)
  END AS imd,
  CASE WHEN reason IS NULL THEN CAST(COALESCE(ltc_count, ltc_flag_sum) AS INTEGER) END AS ltc,
  registered_from,
  registered_to,
  reason,
  CASE reason
    WHEN 'unknown_practice' THEN practice_code
    WHEN 'invalid_age' THEN COALESCE(age_bad, CAST(age AS VARCHAR))
    WHEN 'invalid_sex' THEN sex_text
    WHEN 'invalid_imd' THEN COALESCE(imd_quintile_bad, CAST(imd_quintile AS VARCHAR), imd_decile_bad,
      CAST(imd_decile AS VARCHAR))
    WHEN 'unknown_lsoa' THEN lsoa
    WHEN 'invalid_ltc' THEN COALESCE(ltc_count_bad, CAST(ltc_count AS VARCHAR))
    WHEN 'invalid_registration' THEN COALESCE(registered_from_bad, registered_to_bad,
      CAST(registered_from AS VARCHAR) || ' to ' || CAST(registered_to AS VARCHAR))
  END AS bad_value
FROM checked;

-- One row per distinct person id: its key and whether its row was rejected. Accepted ids are unique (every copy
-- of a repeated id is rejected), so only the few rejected ids need grouping.
CREATE TABLE person_keys AS
SELECT person_id, pk, 0 AS rejected, registered_from, registered_to
FROM people_checked
WHERE reason IS NULL
UNION ALL
SELECT person_id, MIN(pk) AS pk, 1 AS rejected, CAST(NULL AS DATE) AS registered_from, CAST(NULL AS DATE) AS registered_to
FROM people_checked
WHERE reason IS NOT NULL AND person_id IS NOT NULL
GROUP BY person_id;
