-- Pre-aggregated culture figures, refreshed whenever responses change.
-- One row per round x measure for every slice: all respondents, per unit, per
-- respondent group, per unit x group. A measure is an indicator of the
-- strategy (item_id null), one statement of the codebook (item_id set), or the
-- composite 'index'. Figures are raw here; suppression is applied when they are read.
-- Parameters (from the strategy file): $scale_values (the answer scale's values),
-- $agree_values, $disagree_values, $indicator_count (how many indicators the index has).
--   n              distinct respondents with at least one valid answer
--   mean           average of all valid answers; for 'index', the mean of the
--                  indicator means (null unless every indicator has answers)
--   share_agree    share of valid answers in $agree_values
--   share_disagree share of valid answers in $disagree_values
--   n_answers      valid answers; n_dont_know: don't-know answers (not scores)
--   answer_counts  valid answers per value of $scale_values, in order (the distribution)
--   var_mean       variance of the mean with respondents as clusters: the
--                  linearised (ratio-estimator) variance
--                  n/(n-1) * sum_i (s_i - mean * m_i)^2 / (sum_i m_i)^2,
--                  s_i and m_i being respondent i's sum and count of valid
--                  answers in the cell. For 'index', respondent i contributes
--                  z_i = 1/K * sum_k (s_ik - mean_k * m_ik) / M_k and
--                  var_mean = n/(n-1) * sum_i z_i^2.
-- How: every figure but the index's variance is a sum over respondents, so it is
-- summed once in the finest cells (round x unit x group) and those few rows are
-- added up for the four slices. The index's z_i depends on the slice's means, so
-- each respondent gets its z_i for all four slices in one pass. CTEs read more
-- than once are MATERIALIZED (computed once; Spark decides this by itself).
-- Answers counted per value (and don't-knows) in the finest cells: round x unit x group x statement.
WITH fine_values AS (
    SELECT v.round, v.unit, v.grp, c.indicator, v.item_id, v.value, v.k, v.dk
    FROM (
        SELECT round, unit, "group" AS grp, item_id, value, count(*) AS k,
               count(*) FILTER (WHERE dont_know) AS dk
        FROM responses
        GROUP BY ALL
    ) AS v
    JOIN codebook AS c USING (item_id)
),
-- One row per respondent and indicator: the respondent's sum and count of valid answers.
per_respondent AS (
    SELECT r.round, r.unit, r."group" AS grp, r.respondent_id AS who, c.indicator,
           sum(r.value)::DOUBLE AS s, count(r.value) AS m
    FROM responses AS r
    JOIN codebook AS c USING (item_id)
    GROUP BY ALL
),
fine_respondents AS (
    SELECT round, unit, grp, indicator,
           count(*) FILTER (WHERE m > 0) AS n, sum(s * s) AS ss, sum(s * m) AS sm, sum(m * m)::DOUBLE AS mm
    FROM per_respondent
    GROUP BY ALL
),
slices AS (
    SELECT * FROM (VALUES (false, false), (true, false), (false, true), (true, true)) AS s(by_unit, by_group)
),
-- Every measure's sums in the finest cells: per statement (item_id set; one answer per
-- respondent, so its respondents are its valid answers) and per indicator (item_id null).
fine_measures AS (
    SELECT round, unit, grp, indicator, item_id,
           coalesce(sum(k) FILTER (WHERE value IS NOT NULL), 0) AS n,
           sum(k * value)::DOUBLE AS s, coalesce(sum(k) FILTER (WHERE value IS NOT NULL), 0) AS m,
           sum(dk) AS dk,
           coalesce(sum(k) FILTER (WHERE list_contains($agree_values, value)), 0) AS agree,
           coalesce(sum(k) FILTER (WHERE list_contains($disagree_values, value)), 0) AS disagree,
           sum(k * value * value)::DOUBLE AS ss, sum(k * value)::DOUBLE AS sm,
           coalesce(sum(k) FILTER (WHERE value IS NOT NULL), 0)::DOUBLE AS mm
    FROM fine_values
    GROUP BY ALL
),
fine_all AS (
    SELECT round, unit, grp, indicator, item_id, n, s, m, dk, agree, disagree, ss, sm, mm
    FROM fine_measures
    UNION ALL
    SELECT f.round, f.unit, f.grp, f.indicator, NULL AS item_id, r.n, f.s, f.m, f.dk, f.agree, f.disagree, r.ss, r.sm, r.mm
    FROM (
        SELECT round, unit, grp, indicator, sum(s) AS s, sum(m) AS m, sum(dk) AS dk,
               sum(agree) AS agree, sum(disagree) AS disagree
        FROM fine_measures
        GROUP BY ALL
    ) AS f
    JOIN fine_respondents AS r
      ON f.round = r.round AND f.indicator = r.indicator
     AND f.unit IS NOT DISTINCT FROM r.unit AND f.grp IS NOT DISTINCT FROM r.grp
),
measure_cells AS MATERIALIZED (
    SELECT f.round, f.indicator, f.item_id, s.by_unit, s.by_group,
           CASE WHEN s.by_unit THEN f.unit END AS unit,
           CASE WHEN s.by_group THEN f.grp END AS grp,
           coalesce(sum(f.n), 0)::BIGINT AS n,
           sum(f.s) / nullif(sum(f.m), 0) AS mean,
           sum(f.agree) / nullif(sum(f.m), 0) AS share_agree,
           sum(f.disagree) / nullif(sum(f.m), 0) AS share_disagree,
           coalesce(sum(f.m), 0)::BIGINT AS n_answers,
           coalesce(sum(f.dk), 0)::BIGINT AS n_dont_know,
           sum(f.ss) AS ss, sum(f.sm) AS sm, sum(f.mm) AS mm
    FROM fine_all AS f
    CROSS JOIN slices AS s
    WHERE NOT (s.by_unit AND f.unit IS NULL)
    GROUP BY ALL
),
cell_values AS (
    SELECT round, indicator, item_id, by_unit, by_group, unit, grp, map(list(value), list(k)) AS per_value
    FROM (
        SELECT f.round, f.indicator, f.item_id, s.by_unit, s.by_group,
               CASE WHEN s.by_unit THEN f.unit END AS unit,
               CASE WHEN s.by_group THEN f.grp END AS grp,
               f.value, sum(f.k) AS k
        FROM (
            SELECT round, unit, grp, indicator, item_id, value, k FROM fine_values WHERE value IS NOT NULL
            UNION ALL
            SELECT round, unit, grp, indicator, NULL, value, sum(k) FROM fine_values WHERE value IS NOT NULL GROUP BY ALL
        ) AS f
        CROSS JOIN slices AS s
        WHERE NOT (s.by_unit AND f.unit IS NULL)
        GROUP BY ALL
    )
    GROUP BY ALL
),
-- For every finest cell and statement, the mean and valid answers of its indicator in
-- the four cells it is published in. A respondent's z_i = 1/K sum_k (s_ik - mean_k * m_ik) / M_k
-- is the sum over its valid answers of (value - mean_k) / M_k / K, so one pass over the
-- answers gives every respondent's z_i in all four.
index_weights AS MATERIALIZED (
    SELECT f.round, f.unit, f.grp, f.item_id,
           a.mean AS mean_all, a.n_answers AS m_all, u.mean AS mean_unit, u.n_answers AS m_unit,
           g.mean AS mean_group, g.n_answers AS m_group, ug.mean AS mean_both, ug.n_answers AS m_both
    FROM (SELECT DISTINCT round, unit, grp, indicator, item_id FROM fine_values) AS f
    JOIN measure_cells AS a
      ON a.item_id IS NULL AND NOT a.by_unit AND NOT a.by_group
     AND a.round = f.round AND a.indicator = f.indicator
    LEFT JOIN measure_cells AS u
      ON u.item_id IS NULL AND u.by_unit AND NOT u.by_group
     AND u.round = f.round AND u.indicator = f.indicator AND u.unit = f.unit
    JOIN measure_cells AS g
      ON g.item_id IS NULL AND NOT g.by_unit AND g.by_group
     AND g.round = f.round AND g.indicator = f.indicator AND g.grp IS NOT DISTINCT FROM f.grp
    LEFT JOIN measure_cells AS ug
      ON ug.item_id IS NULL AND ug.by_unit AND ug.by_group
     AND ug.round = f.round AND ug.indicator = f.indicator AND ug.unit = f.unit AND ug.grp IS NOT DISTINCT FROM f.grp
),
index_respondent AS (
    SELECT a.round, a.unit, a.grp, a.who,
           sum((a.value - w.mean_all) / nullif(w.m_all, 0)) / $indicator_count AS z_all,
           sum((a.value - w.mean_unit) / nullif(w.m_unit, 0)) / $indicator_count AS z_unit,
           sum((a.value - w.mean_group) / nullif(w.m_group, 0)) / $indicator_count AS z_group,
           sum((a.value - w.mean_both) / nullif(w.m_both, 0)) / $indicator_count AS z_both,
           count(a.value) AS m
    FROM (SELECT round, unit, "group" AS grp, respondent_id AS who, item_id, value FROM responses) AS a
    JOIN index_weights AS w
      ON a.round = w.round AND a.item_id = w.item_id
     AND a.unit IS NOT DISTINCT FROM w.unit AND a.grp = w.grp
    GROUP BY a.round, a.unit, a.grp, a.who
),
fine_index AS (
    SELECT round, unit, grp, count(*) FILTER (WHERE m > 0) AS n,
           sum(z_all * z_all) FILTER (WHERE m > 0) AS sq_all,
           sum(z_unit * z_unit) FILTER (WHERE m > 0) AS sq_unit,
           sum(z_group * z_group) FILTER (WHERE m > 0) AS sq_group,
           sum(z_both * z_both) FILTER (WHERE m > 0) AS sq_both
    FROM index_respondent
    GROUP BY ALL
),
index_cells AS (
    SELECT i.round, 'index' AS indicator, NULL::VARCHAR AS item_id, i.unit, i.grp, i.by_unit, i.by_group,
           i.n, k.mean, k.n_answers, k.n_dont_know, i.sum_sq
    FROM (
        SELECT f.round, s.by_unit, s.by_group,
               CASE WHEN s.by_unit THEN f.unit END AS unit,
               CASE WHEN s.by_group THEN f.grp END AS grp,
               coalesce(sum(f.n), 0)::BIGINT AS n,
               sum(CASE WHEN s.by_unit AND s.by_group THEN f.sq_both WHEN s.by_unit THEN f.sq_unit
                        WHEN s.by_group THEN f.sq_group ELSE f.sq_all END) AS sum_sq
        FROM fine_index AS f
        CROSS JOIN slices AS s
        WHERE NOT (s.by_unit AND f.unit IS NULL)
        GROUP BY ALL
    ) AS i
    JOIN (
        SELECT round, by_unit, by_group, unit, grp,
               CASE WHEN count(mean) = $indicator_count THEN avg(mean) END AS mean,
               sum(n_answers)::BIGINT AS n_answers, sum(n_dont_know)::BIGINT AS n_dont_know
        FROM measure_cells
        WHERE item_id IS NULL
        GROUP BY ALL
    ) AS k
      ON i.round = k.round AND i.by_unit = k.by_unit AND i.by_group = k.by_group
     AND i.unit IS NOT DISTINCT FROM k.unit AND i.grp IS NOT DISTINCT FROM k.grp
),
cells AS (
    SELECT c.round, c.indicator, c.item_id, c.unit, c.grp, c.by_unit, c.by_group, c.n, c.mean,
           c.share_agree, c.share_disagree, c.n_answers, c.n_dont_know,
           list_transform($scale_values, lambda v: CASE WHEN list_contains(map_keys(v_.per_value), v) THEN v_.per_value[v] ELSE 0 END)::BIGINT[] AS answer_counts,
           greatest(c.ss - 2 * c.mean * c.sm + c.mean * c.mean * c.mm, 0) / power(nullif(c.n_answers, 0), 2) AS sum_sq
    FROM measure_cells AS c
    LEFT JOIN cell_values AS v_
      ON c.round = v_.round AND c.indicator = v_.indicator AND c.by_unit = v_.by_unit AND c.by_group = v_.by_group
     AND c.item_id IS NOT DISTINCT FROM v_.item_id AND c.unit IS NOT DISTINCT FROM v_.unit
     AND c.grp IS NOT DISTINCT FROM v_.grp
    UNION ALL
    SELECT round, indicator, item_id, unit, grp, by_unit, by_group, n,
           CASE WHEN n > 0 THEN mean END, NULL, NULL,
           n_answers, n_dont_know, NULL::BIGINT[], sum_sq
    FROM index_cells
)
SELECT round, indicator, item_id, unit, grp AS "group", by_unit, by_group,
       n, mean, share_agree, share_disagree, n_answers, n_dont_know, answer_counts,
       CASE WHEN n > 1 THEN n / (n - 1) * sum_sq END AS var_mean
FROM cells
ORDER BY round, by_unit, by_group, unit, "group", indicator, item_id NULLS FIRST
