-- Dependency events per user, year, ecosystem and kind (ADDED, REMOVED, CHANGED).
SELECT user_id, year(author_time) AS year, ecosystem, change_type, count(*) AS events
FROM dependency_changes
WHERE user_id IS NOT NULL AND excluded_reason IS NULL
GROUP BY user_id, year(author_time), ecosystem, change_type
ORDER BY user_id, year, ecosystem, change_type
