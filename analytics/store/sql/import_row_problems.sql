-- Whether any row of a survey file being imported cannot be stored (view
-- "respondents": round, group, unit, respondent_id per row of the file):
-- a missing respondent id, a respondent id twice in one round and group, or no
-- unit for a group that needs one. Any of them sends the file to the in-memory
-- reader, which names each such row.
SELECT
    count(*) FILTER (WHERE respondent_id = '') AS ids_missing,
    count(*) FILTER (WHERE unit IS NULL AND list_contains($unit_groups, "group")) AS units_missing,
    (
        SELECT count(*)
        FROM (
            SELECT round, "group", respondent_id
            FROM respondents
            WHERE respondent_id <> ''
            GROUP BY ALL
            HAVING count(*) > 1
        )
    ) AS ids_repeated
FROM respondents
