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

output "package_bucket" {
  description = "Bucket of the uploaded API package (the digest mail function runs the same package)."
  value       = aws_s3_object.package.bucket
}

output "package_key" {
  description = "Key of the uploaded API package."
  value       = aws_s3_object.package.key
}

output "package_hash" {
  description = "Base64 SHA-256 of the API package (source_code_hash)."
  value       = filebase64sha256(var.package_file)
}
