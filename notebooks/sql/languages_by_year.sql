-- Lines added per user, year, language and linguist type (programming, markup, data, prose).
SELECT user_id, year(week_start) AS year, language, language_type,
       sum(lines_added) AS lines_added, sum(lines_deleted) AS lines_deleted,
       sum(commits) AS commits
FROM user_weekly_activity
GROUP BY user_id, year(week_start), language, language_type
ORDER BY user_id, year, lines_added DESC, language
