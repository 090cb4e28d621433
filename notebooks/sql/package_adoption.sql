-- Each package a user's own commits added or changed: first and last use.
SELECT user_id, ecosystem, package, first_used, last_used, commits, repositories,
       latest_version
FROM user_packages
ORDER BY user_id, first_used, ecosystem, package
