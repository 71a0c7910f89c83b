-- One fingerprint per round of a table about to be written (the view "frame"):
-- its row count and the sum of its rows' hashes. The sum does not depend on
-- row order, so a round whose rows are unchanged keeps its fingerprint and
-- its file is reused instead of written again.
SELECT round, count(*) AS row_count, sum(hash(t)::HUGEINT)::VARCHAR AS row_hash
FROM frame AS t
GROUP BY round
