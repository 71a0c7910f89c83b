-- Respondents in one unit and round who gave identical answers to at least
-- eight statements: probably one person twice (the same answers in another
-- round are another survey's). From the staged answers of an import
-- ($path); an answer is coded as its value, a don't-know as $dont_know.
-- One row per set of such respondents: the round, the unit ('' for none), the
-- statements and codes they share, and their ids.
-- Building every respondent's answers as lists is slow, so each respondent first
-- gets a cheap signature (the sum of a hash of each statement and code, so their
-- order does not matter): identical answers give identical signatures, and only
-- respondents sharing a round, a unit and a signature are compared by their lists.
WITH coded AS NOT MATERIALIZED (
    SELECT
        round, "group", respondent_id, coalesce(unit, '') AS unit, item_id,
        CASE WHEN dont_know THEN $dont_know ELSE value END AS code
    FROM read_parquet($path)
    WHERE dont_know OR value IS NOT NULL
),
signed AS (
    SELECT round, "group", respondent_id, first(unit) AS unit, sum(hash(item_id, code)) AS signature
    FROM coded
    GROUP BY round, "group", respondent_id
    HAVING count(*) >= 8
),
candidates AS (
    SELECT round, "group", respondent_id
    FROM signed
    SEMI JOIN (SELECT round, unit, signature FROM signed GROUP BY ALL HAVING count(*) > 1) USING (round, unit, signature)
),
people AS (
    SELECT
        round, "group", respondent_id, first(unit) AS unit,
        list(item_id ORDER BY item_id) AS items,
        list(code ORDER BY item_id) AS codes
    FROM coded
    SEMI JOIN candidates USING (round, "group", respondent_id)
    GROUP BY round, "group", respondent_id
)
SELECT round, unit, items, codes, list(respondent_id) AS ids
FROM people
GROUP BY round, unit, items, codes
HAVING count(*) > 1
