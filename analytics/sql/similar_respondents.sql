-- Respondents in one unit who gave identical answers to at least eight
-- statements: probably one person twice. From the staged answers of an import
-- ($path); an answer is coded as its value, a don't-know as $dont_know.
-- One row per set of such respondents: the unit ('' for none), the statements
-- and codes they share, and their ids.
WITH coded AS (
    SELECT
        round, "group", respondent_id, coalesce(unit, '') AS unit, item_id,
        CASE WHEN dont_know THEN $dont_know ELSE coalesce(value, 0) END AS code
    FROM read_parquet($path)
),
people AS (
    SELECT
        round, "group", respondent_id, first(unit) AS unit,
        list(item_id ORDER BY item_id) FILTER (WHERE code <> 0) AS items,
        list(code ORDER BY item_id) FILTER (WHERE code <> 0) AS codes
    FROM coded
    GROUP BY round, "group", respondent_id
    HAVING count(*) FILTER (WHERE code <> 0) >= 8
)
SELECT unit, items, codes, list(respondent_id) AS ids
FROM people
GROUP BY unit, items, codes
HAVING count(*) > 1
