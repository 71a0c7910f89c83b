-- Every answer except those of $rounds (retention deletes their raw answers; their aggregate stays).
SELECT *
FROM responses
WHERE CAST("round" AS VARCHAR) NOT IN (SELECT unnest($rounds))
