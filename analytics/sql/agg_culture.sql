-- Pre-aggregated culture figures, refreshed whenever responses change.
-- One row per round x indicator (K1..K9 and the composite 'index') for every
-- slice: all respondents, per unit, per respondent group, per unit x group.
-- Figures are raw here; suppression is applied when they are read.
--   n           distinct respondents with at least one valid answer (1-5)
--   mean        average of all valid answers; for 'index', the mean of the
--               nine indicator means (null unless all nine have answers)
--   share_agree share of valid answers that are 4 or 5
--   n_dont_know Vet ikke answers (not scores)
WITH answers AS (
    SELECT r.round, r."group" AS grp, r.unit, r."group" || '/' || r.respondent_id AS who,
           c.indicator, r.value, r.dont_know
    FROM responses AS r
    JOIN codebook AS c USING (item_id)
),
indicator_cells AS (
    SELECT round, indicator, unit, grp,
           GROUPING(unit) = 0 AS by_unit,
           GROUPING(grp) = 0 AS by_group,
           count(DISTINCT who) FILTER (WHERE value IS NOT NULL) AS n,
           avg(value) AS mean,
           avg(CASE WHEN value >= 4 THEN 1.0 ELSE 0.0 END) FILTER (WHERE value IS NOT NULL)
               AS share_agree,
           count(value) AS n_answers,
           count(*) FILTER (WHERE dont_know) AS n_dont_know
    FROM answers
    GROUP BY GROUPING SETS (
        (round, indicator), (round, indicator, unit),
        (round, indicator, grp), (round, indicator, unit, grp)
    )
),
index_n AS (
    SELECT round, unit, grp,
           GROUPING(unit) = 0 AS by_unit,
           GROUPING(grp) = 0 AS by_group,
           count(DISTINCT who) FILTER (WHERE value IS NOT NULL) AS n,
           count(value) AS n_answers,
           count(*) FILTER (WHERE dont_know) AS n_dont_know
    FROM answers
    GROUP BY GROUPING SETS ((round), (round, unit), (round, grp), (round, unit, grp))
),
index_mean AS (
    SELECT round, unit, grp, by_unit, by_group,
           CASE WHEN count(mean) = 9 THEN avg(mean) END AS mean
    FROM indicator_cells
    GROUP BY ALL
),
cells AS (
    SELECT round, indicator, unit, grp, by_unit, by_group, n, mean, share_agree,
           n_answers, n_dont_know
    FROM indicator_cells
    UNION ALL
    SELECT i.round, 'index', i.unit, i.grp, i.by_unit, i.by_group, i.n, m.mean, NULL,
           i.n_answers, i.n_dont_know
    FROM index_n AS i
    JOIN index_mean AS m
      ON i.round = m.round AND i.by_unit = m.by_unit AND i.by_group = m.by_group
     AND i.unit IS NOT DISTINCT FROM m.unit AND i.grp IS NOT DISTINCT FROM m.grp
)
SELECT round, indicator, unit, grp AS "group", by_unit, by_group,
       n, mean, share_agree, n_answers, n_dont_know
FROM cells
-- Respondents without a unit (politicians, citizens) are no unit of their own.
WHERE NOT (by_unit AND unit IS NULL)
ORDER BY round, by_unit, by_group, unit, "group", indicator
