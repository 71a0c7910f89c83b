-- The responses table when a single import's answers make it up and nothing was
-- deleted (answer_files, as in replay_responses.sql): every respondent has one
-- version, so every row is kept, in the file's order (a plain scan keeps it).
SELECT
    round::VARCHAR AS round,
    "group"::VARCHAR AS "group",
    unit::VARCHAR AS unit,
    respondent_id::VARCHAR AS respondent_id,
    item_id::VARCHAR AS item_id,
    value::TINYINT AS value,
    dont_know::BOOLEAN AS dont_know
FROM answer_files
