-- A round-partitioned table read from its Hive-style files (round=<label>/part-*.parquet).
-- The round is a label, never a number: "02" and "2" are different rounds.
SELECT *
FROM read_parquet($files, hive_partitioning = true, hive_types = {'round': 'VARCHAR'}, union_by_name = true)
