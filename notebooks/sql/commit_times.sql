-- When each counted commit was written, with the author's time zone offset (for the rhythm in
-- the author's own time).
SELECT user_id, author_time, author_tz_offset_minutes
FROM commits
WHERE counts AND user_id IS NOT NULL
ORDER BY user_id, author_time
