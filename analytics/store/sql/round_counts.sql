-- Each survey round with its respondents and answers (for the import pages).
SELECT round, count(DISTINCT "group" || '/' || respondent_id) AS respondents, count(*) AS answers
FROM responses
GROUP BY round
ORDER BY round
