-- The people files, read one at a time into one table of typed canonical columns (see sources.ts for the
-- per-file SELECT). Every row read is kept here, good or bad, so every row is accounted for.
CREATE TABLE people_raw (
  source_file VARCHAR,
  person_id VARCHAR,
  practice_code VARCHAR,
  age DOUBLE,
  age_bad VARCHAR,
  sex VARCHAR,
  imd_quintile DOUBLE,
  imd_quintile_bad VARCHAR,
  imd_decile DOUBLE,
  imd_decile_bad VARCHAR,
  lsoa VARCHAR,
  ltc_count DOUBLE,
  ltc_count_bad VARCHAR,
  ltc_flags_present BOOLEAN,
  ltc_flag_sum INTEGER,
  registered_from DATE,
  registered_from_bad VARCHAR,
  registered_to DATE,
  registered_to_bad VARCHAR
);
