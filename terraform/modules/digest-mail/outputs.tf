output "function_name" {
  description = "Name of the digest mail function (invoke it by hand to send this week's digests now)."
  value       = aws_lambda_function.digest.function_name
}

output "from_identity_arn" {
  description = "ARN of the SES identity the digests are sent from."
  value       = aws_sesv2_email_identity.from.arn
}

output "log_group_name" {
  description = "Log group of the function (digest_sent, digest_skipped, digest_failed lines)."
  value       = aws_cloudwatch_log_group.digest.name
}
