-- The core of a full transform in DuckDB, the anchor bench/transform-incremental.sh prints beside
-- the Spark run (issue 22): commits deduplicated by sha, attributed to users through a join on the
-- author email (the transform's attribution is a lookup of the same shape), their file rows
-- deduplicated by (sha, path), and the per user/language and user/week/language sums with distinct
-- commits. Run by ./commitstats sql over the raw views (raw_commits, raw_file_changes).
WITH commits AS (
  SELECT sha, any_value(author_email) AS email, any_value(author_time) AS author_time
  FROM raw_commits GROUP BY sha
), users AS (
  SELECT DISTINCT lower(author_email) AS email, 'u-' || md5(lower(author_email)) AS user_id
  FROM raw_commits
), attributed AS (
  SELECT c.sha, u.user_id, date_trunc('week', c.author_time) AS week_start
  FROM commits c JOIN users u ON lower(c.email) = u.email
), files AS (
  SELECT sha, path, any_value(language) AS language,
         any_value(coalesce(lines_added, 0)) AS added, any_value(coalesce(lines_deleted, 0)) AS deleted
  FROM raw_file_changes GROUP BY sha, path
), rows AS (
  SELECT a.user_id, a.week_start, f.language, f.added, f.deleted, a.sha
  FROM files f JOIN attributed a USING (sha)
), by_language AS (
  SELECT user_id, language, sum(added) AS added, sum(deleted) AS deleted,
         count(DISTINCT sha) AS commits
  FROM rows GROUP BY user_id, language
), by_week AS (
  SELECT user_id, week_start, language, sum(added) AS added, sum(deleted) AS deleted,
         count(DISTINCT sha) AS commits
  FROM rows GROUP BY user_id, week_start, language
)
SELECT (SELECT count(*) FROM by_language) AS user_languages,
       (SELECT count(*) FROM by_week) AS user_week_languages,
       (SELECT sum(added) FROM by_language) AS lines_added
