-- The pre-aggregated culture cells (see agg_culture.sql), unsuppressed: every
-- slice and measure, since suppression must see all of them at once.
SELECT round, indicator, item_id, unit, "group", by_unit, by_group,
       n, mean, share_agree, share_disagree, n_answers, n_dont_know, answer_counts, var_mean
FROM agg_culture
ORDER BY round, indicator, item_id NULLS FIRST, by_unit, by_group, unit, "group"
