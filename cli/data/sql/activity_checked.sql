-- Accepted activity, summed per person, financial year (April to March, by its start year), setting and urgency;
-- the months each year has activity in; rejected rows by reason, file and offending value. Each activity file is
-- checked into file_checked (activity_insert.sql) and folded into these three tables, so memory holds one file's
-- rows at a time and the sums thereafter.
CREATE TABLE activity_agg (
  pk INTEGER,
  fy SMALLINT,
  setting_id SMALLINT,
  urgent BOOLEAN,
  ongoing BOOLEAN,
  cost DOUBLE,
  events BIGINT
);
CREATE TABLE activity_months (fy SMALLINT, month SMALLINT, events BIGINT);
CREATE TABLE activity_rejected (reason VARCHAR, bad_value VARCHAR, source_file VARCHAR, row_count BIGINT);
