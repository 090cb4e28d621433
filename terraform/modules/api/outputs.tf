output "url" {
  description = "The API and CV pages through CloudFront (https://…/cv/USER)."
  value       = "https://${aws_cloudfront_distribution.api.domain_name}"
}

output "api_endpoint" {
  description = "The HTTP API's own endpoint (behind CloudFront)."
  value       = aws_apigatewayv2_api.api.api_endpoint
}

output "api_id" {
  description = "ID of the HTTP API (for the 5xx alarm)."
  value       = aws_apigatewayv2_api.api.id
}

output "function_name" {
  description = "Name of the API function."
  value       = aws_lambda_function.api.function_name
}
