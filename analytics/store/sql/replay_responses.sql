-- The responses table replayed from the imports' answers, in DuckDB so that
-- millions of answers never sit in memory at once.
-- answer_files: every import's answers (read with filename and file_row_number);
-- answer_orders: each file's place in the import order (_order);
-- deletions: respondents an import deleted (_deleted_in, its place in the order).
-- A respondent (round, group, respondent_id) is one unit: of its versions, the one
-- with the latest modified_at wins (one without a time loses to one with); on a
-- tie, the later import. A respondent deleted by an import later than its winning
-- version is dropped. The rows keep the import order and their order in the file.
WITH answers AS (
    SELECT f.* EXCLUDE (filename, file_row_number), o._order, f.file_row_number AS _row
    FROM answer_files AS f
    JOIN answer_orders AS o USING (filename)
),
versions AS (
    SELECT round, "group", respondent_id, _order, max(modified_at) AS modified_at
    FROM answers
    GROUP BY ALL
),
winners AS (
    SELECT round, "group", respondent_id, _order
    FROM versions
    QUALIFY row_number() OVER (
        PARTITION BY round, "group", respondent_id
        ORDER BY modified_at DESC NULLS LAST, _order DESC
    ) = 1
),
deleted AS (
    SELECT round, "group", respondent_id, max(_deleted_in) AS _deleted_in
    FROM deletions
    GROUP BY ALL
)
SELECT
    a.round::VARCHAR AS round,
    a."group"::VARCHAR AS "group",
    a.unit::VARCHAR AS unit,
    a.respondent_id::VARCHAR AS respondent_id,
    a.item_id::VARCHAR AS item_id,
    a.value::TINYINT AS value,
    a.dont_know::BOOLEAN AS dont_know
FROM answers AS a
JOIN winners AS w USING (round, "group", respondent_id, _order)
LEFT JOIN deleted AS d USING (round, "group", respondent_id)
WHERE NOT coalesce(d._deleted_in > w._order, false)
ORDER BY a._order, a._row
