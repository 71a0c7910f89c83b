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
WITH answers AS (
    SELECT r.round, r."group" AS grp, r.unit, r."group" || '/' || r.respondent_id AS who,
           c.indicator, r.item_id, r.value, r.dont_know
    FROM responses AS r
    JOIN codebook AS c USING (item_id)
),
-- One row per respondent and measure: per statement, and per indicator (item_id null).
per_respondent AS (
    SELECT round, unit, grp, who, indicator, item_id,
           sum(value)::DOUBLE AS s,
           count(value) AS m,
           count(*) FILTER (WHERE dont_know) AS dk,
           count(*) FILTER (WHERE list_contains($agree_values, value)) AS agree,
           count(*) FILTER (WHERE list_contains($disagree_values, value)) AS disagree
    FROM answers
    GROUP BY GROUPING SETS ((round, unit, grp, who, indicator), (round, unit, grp, who, indicator, item_id))
),
-- Each of those rows once for every slice it is published in. Respondents
-- without a unit (politicians, citizens) are no unit of their own.
sliced AS (
    SELECT p.round, p.who, p.indicator, p.item_id, p.s, p.m, p.dk, p.agree, p.disagree,
           s.by_unit, s.by_group,
           CASE WHEN s.by_unit THEN p.unit END AS unit,
           CASE WHEN s.by_group THEN p.grp END AS grp
    FROM per_respondent AS p
    CROSS JOIN (VALUES (false, false), (true, false), (false, true), (true, true)) AS s(by_unit, by_group)
    WHERE NOT (s.by_unit AND p.unit IS NULL)
),
measure_cells AS (
    SELECT round, indicator, item_id, unit, grp, by_unit, by_group,
           count(*) FILTER (WHERE m > 0) AS n,
           sum(s) / nullif(sum(m), 0) AS mean,
           sum(agree) / nullif(sum(m), 0) AS share_agree,
           sum(disagree) / nullif(sum(m), 0) AS share_disagree,
           sum(m)::BIGINT AS n_answers,
           sum(dk)::BIGINT AS n_dont_know,
           sum(s * s) AS ss, sum(s * m) AS sm, sum(m * m)::DOUBLE AS mm
    FROM sliced
    GROUP BY ALL
),
-- Valid answers per value of the scale in every slice and measure, counted from
-- the answers (not gathered into lists), so that the refresh needs little memory
-- however many answers a round has.
value_counts AS (
    SELECT a.round, a.indicator, a.item_id, s.by_unit, s.by_group,
           CASE WHEN s.by_unit THEN a.unit END AS unit,
           CASE WHEN s.by_group THEN a.grp END AS grp,
           a.value, sum(a.k) AS k
    FROM (
        SELECT round, unit, grp, indicator, item_id, value, count(*) AS k
        FROM answers
        WHERE value IS NOT NULL
        GROUP BY GROUPING SETS ((round, unit, grp, indicator, value), (round, unit, grp, indicator, item_id, value))
    ) AS a
    CROSS JOIN (VALUES (false, false), (true, false), (false, true), (true, true)) AS s(by_unit, by_group)
    WHERE NOT (s.by_unit AND a.unit IS NULL)
    GROUP BY ALL
),
cell_values AS (
    SELECT round, indicator, item_id, unit, grp, by_unit, by_group,
           map(list(value), list(k)) AS per_value
    FROM value_counts
    GROUP BY ALL
),
-- Each respondent's share of the index's deviation: z_i over the indicators.
index_respondent AS (
    SELECT r.round, r.by_unit, r.by_group, r.unit, r.grp, r.who,
           sum((r.s - c.mean * r.m) / nullif(c.n_answers, 0)) / $indicator_count AS z,
           sum(r.m) AS m,
           sum(r.dk) AS dk
    FROM sliced AS r
    JOIN measure_cells AS c
      ON r.item_id IS NULL AND c.item_id IS NULL AND r.round = c.round AND r.indicator = c.indicator
     AND r.by_unit = c.by_unit AND r.by_group = c.by_group
     AND r.unit IS NOT DISTINCT FROM c.unit AND r.grp IS NOT DISTINCT FROM c.grp
    GROUP BY ALL
),
index_cells AS (
    SELECT i.round, 'index' AS indicator, NULL::VARCHAR AS item_id, i.unit, i.grp, i.by_unit, i.by_group,
           count(*) FILTER (WHERE i.m > 0) AS n,
           any_value(k.mean) AS mean,
           sum(i.m)::BIGINT AS n_answers,
           sum(i.dk)::BIGINT AS n_dont_know,
           sum(i.z * i.z) FILTER (WHERE i.m > 0) AS sum_sq
    FROM index_respondent AS i
    JOIN (
        SELECT round, by_unit, by_group, unit, grp,
               CASE WHEN count(mean) = $indicator_count THEN avg(mean) END AS mean
        FROM measure_cells
        WHERE item_id IS NULL
        GROUP BY ALL
    ) AS k
      ON i.round = k.round AND i.by_unit = k.by_unit AND i.by_group = k.by_group
     AND i.unit IS NOT DISTINCT FROM k.unit AND i.grp IS NOT DISTINCT FROM k.grp
    GROUP BY ALL
),
cells AS (
    SELECT c.round, c.indicator, c.item_id, c.unit, c.grp, c.by_unit, c.by_group, c.n, c.mean,
           c.share_agree, c.share_disagree, c.n_answers, c.n_dont_know,
           list_transform($scale_values, lambda v: CASE WHEN list_contains(map_keys(v_.per_value), v) THEN v_.per_value[v] ELSE 0 END)::BIGINT[] AS answer_counts,
           -- sum_i (s_i - mean * m_i)^2 / M^2, expanded so that no second pass is needed
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
