-- Respondents of earlier imports of the same form who are absent from the file
-- being imported, in the rounds and groups of that file (perhaps deleted in the
-- form). earlier_files: the earlier imports' answers (with filename and
-- file_row_number); earlier_orders: each file's place in the import order;
-- current_answers: the answers of the file being imported. Listed in the order
-- they were first seen.
WITH earlier AS (
    SELECT f.round, f."group", f.respondent_id, o._order, f.file_row_number AS _row
    FROM earlier_files AS f
    JOIN earlier_orders AS o USING (filename)
),
slices AS (
    SELECT DISTINCT round, "group" FROM current_answers
),
now AS (
    SELECT DISTINCT round, "group", respondent_id FROM current_answers
),
before AS (
    SELECT round, "group", respondent_id, min(_order) AS first_import, min(_row) AS first_row
    FROM earlier
    JOIN slices USING (round, "group")
    GROUP BY ALL
)
SELECT round, "group", respondent_id
FROM before
ANTI JOIN now USING (round, "group", respondent_id)
ORDER BY first_import, first_row
