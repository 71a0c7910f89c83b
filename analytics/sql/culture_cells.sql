-- The pre-aggregated culture cells (see agg_culture.sql), unsuppressed.
-- $with_unit_group: also return the unit x group cells.
SELECT round, indicator, unit, "group", by_unit, by_group,
       n, mean, share_agree, n_answers, n_dont_know
FROM agg_culture
WHERE $with_unit_group OR NOT (by_unit AND by_group)
ORDER BY round, indicator, by_unit, by_group, unit, "group"
