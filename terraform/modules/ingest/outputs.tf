output "function_name" {
  description = "Name of the ingest function."
  value       = aws_lambda_function.ingest.function_name
}

output "function_arn" {
  description = "ARN of the ingest function."
  value       = aws_lambda_function.ingest.arn
}

output "role_name" {
  description = "Name of the ingest role (the token key's only reader)."
  value       = aws_iam_role.ingest.name
}

output "log_group_name" {
  description = "Log group of the ingest function."
  value       = aws_cloudwatch_log_group.ingest.name
}

output "failed_repositories_metric" {
  description = "Namespace and name of the metric counting failed repositories."
  value       = { namespace = aws_cloudwatch_log_metric_filter.repository_failed.metric_transformation[0].namespace, name = aws_cloudwatch_log_metric_filter.repository_failed.metric_transformation[0].name }
}
