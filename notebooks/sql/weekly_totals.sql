-- Per user and ISO week: commits (each once), lines added and deleted.
SELECT user_id, week_start, commits, lines_added, lines_deleted
FROM user_weekly_totals
ORDER BY user_id, week_start
