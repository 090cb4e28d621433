output "lake_bucket" {
  description = "Name of the lake bucket (raw/, state/, delta/, config/)."
  value       = aws_s3_bucket.this["lake"].id
}

output "lake_bucket_arn" {
  description = "ARN of the lake bucket."
  value       = aws_s3_bucket.this["lake"].arn
}

output "lake_url" {
  description = "The lake as the commands name it (--lake)."
  value       = "s3://${aws_s3_bucket.this["lake"].id}"
}

output "athena_results_bucket" {
  description = "Name of the bucket of Athena's query results."
  value       = aws_s3_bucket.this["athena-results"].id
}

output "athena_results_bucket_arn" {
  description = "ARN of the bucket of Athena's query results."
  value       = aws_s3_bucket.this["athena-results"].arn
}

output "artifacts_bucket" {
  description = "Name of the bucket holding the packaged jars, zips and scripts."
  value       = aws_s3_bucket.this["artifacts"].id
}

output "artifacts_bucket_arn" {
  description = "ARN of the artifacts bucket."
  value       = aws_s3_bucket.this["artifacts"].arn
}

output "kms_key_arn" {
  description = "ARN of the key that encrypts the three buckets."
  value       = aws_kms_key.lake.arn
}
