-- Who changed between two versions of one round: the views "before" and "after"
-- hold that round's responses in each version. One row per culture cell (the
-- slices and measures of agg_culture.sql) where at least one respondent's answers
-- differ between the versions:
--   n_changed        respondents whose answers in the cell differ (added, removed,
--                    edited, or moved to or from the cell's unit)
--   answers_changed  their statements that differ
-- A respondent who moved from one unit to another is changed in both units'
-- cells, and unchanged in the cells over every unit when their answers are the same.
WITH answers AS (
    SELECT 'before' AS version, r."group" AS grp, r.unit, r."group" || '/' || r.respondent_id AS who,
           c.indicator, r.item_id, r.value, r.dont_know
    FROM before AS r
    JOIN codebook AS c USING (item_id)
    UNION ALL
    SELECT 'after', r."group", r.unit, r."group" || '/' || r.respondent_id,
           c.indicator, r.item_id, r.value, r.dont_know
    FROM after AS r
    JOIN codebook AS c USING (item_id)
),
sliced AS (
    SELECT a.version, a.who, a.indicator, a.item_id, a.value, a.dont_know, s.by_unit, s.by_group,
           CASE WHEN s.by_unit THEN a.unit END AS unit,
           CASE WHEN s.by_group THEN a.grp END AS grp
    FROM answers AS a
    CROSS JOIN (VALUES (false, false), (true, false), (false, true), (true, true)) AS s(by_unit, by_group)
    WHERE NOT (s.by_unit AND a.unit IS NULL)
),
old AS (SELECT * FROM sliced WHERE version = 'before'),
new AS (SELECT * FROM sliced WHERE version = 'after'),
changed AS (
    SELECT coalesce(o.who, n.who) AS who, coalesce(o.indicator, n.indicator) AS indicator,
           coalesce(o.item_id, n.item_id) AS item_id, coalesce(o.unit, n.unit) AS unit,
           coalesce(o.grp, n.grp) AS grp, coalesce(o.by_unit, n.by_unit) AS by_unit,
           coalesce(o.by_group, n.by_group) AS by_group
    FROM old AS o
    FULL OUTER JOIN new AS n
      ON o.who = n.who AND o.item_id = n.item_id AND o.by_unit = n.by_unit AND o.by_group = n.by_group
     AND o.unit IS NOT DISTINCT FROM n.unit AND o.grp IS NOT DISTINCT FROM n.grp
    WHERE o.who IS NULL OR n.who IS NULL
       OR o.value IS DISTINCT FROM n.value OR o.dont_know IS DISTINCT FROM n.dont_know
)
SELECT CASE WHEN GROUPING(indicator) = 1 THEN 'index' ELSE indicator END AS indicator,
       item_id, unit, grp AS "group", by_unit, by_group,
       count(DISTINCT who) AS n_changed,
       count(*) AS answers_changed
FROM changed
GROUP BY GROUPING SETS (
    (by_unit, by_group, unit, grp, indicator, item_id),
    (by_unit, by_group, unit, grp, indicator),
    (by_unit, by_group, unit, grp)
)
ORDER BY by_unit, by_group, unit, "group", indicator, item_id NULLS FIRST
