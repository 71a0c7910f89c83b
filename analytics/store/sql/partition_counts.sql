-- One round's respondents and answers, from its partition file of the responses table
-- ($path; the round is the folder's name, so every row belongs to it).
SELECT count(DISTINCT ("group", respondent_id)) AS respondents, count(*) AS answers
FROM read_parquet($path)
