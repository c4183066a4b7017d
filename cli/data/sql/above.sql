-- People above each percentile value (a percentile with few people above it describes individuals).
SELECT {{above_columns}}
FROM person_level
WHERE fy = {{base_fy}}
