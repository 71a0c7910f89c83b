-- How strongly each indicator goes together with the strategy's outcome: Pearson's r of
-- respondents' indicator scores with their outcome scores, for all respondents of a
-- round and for each respondent group (never per unit).
-- A respondent's score on a measure is the mean of their valid answers to its statements
-- (don't-know and blank answers left out). The outcome statement itself is left out of its
-- indicator's score, so that an indicator is never correlated with its own answer.
-- A respondent is (round, group, respondent_id), as in the responses table's key.
-- Parameters: $outcome_indicator (an indicator id or NULL), $outcome_item (an item_id or NULL).
WITH valid AS (
    SELECT r.round, r."group" AS grp, r.respondent_id AS who, c.indicator, r.item_id, r.value
    FROM responses AS r
    JOIN codebook AS c USING (item_id)
    WHERE r.value IS NOT NULL
),
scores AS (
    SELECT round, grp, who, indicator, avg(value)::DOUBLE AS x
    FROM valid
    WHERE item_id IS DISTINCT FROM $outcome_item AND indicator IS DISTINCT FROM $outcome_indicator
    GROUP BY ALL
),
outcome AS (
    SELECT round, grp, who, avg(value)::DOUBLE AS y
    FROM valid
    WHERE item_id = $outcome_item OR indicator = $outcome_indicator
    GROUP BY ALL
)
SELECT s.round, CASE WHEN grouping(s.grp) = 0 THEN s.grp END AS "group", s.indicator,
       count(*) AS n, corr(s.x, o.y) AS r
FROM scores AS s
JOIN outcome AS o ON s.round = o.round AND s.grp = o.grp AND s.who = o.who
GROUP BY GROUPING SETS ((s.round, s.indicator), (s.round, s.grp, s.indicator))
ORDER BY s.round, "group" NULLS FIRST, s.indicator
