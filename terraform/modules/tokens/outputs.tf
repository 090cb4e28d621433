output "key_arn" {
  description = "ARN of the token key (COMMITSTATS_TOKEN_KMS_KEY when storing tokens)."
  value       = aws_kms_key.tokens.arn
}

output "key_alias" {
  description = "Alias of the token key."
  value       = aws_kms_alias.tokens.name
}
