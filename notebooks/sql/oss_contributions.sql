-- Each user's contributions to public repositories of others (a fork's upstream).
SELECT user_id, repo_url, commits, lines_added, lines_deleted,
       first_commit_time, last_commit_time
FROM user_oss_contributions
ORDER BY user_id, commits DESC, repo_url
