output "workgroup" {
  description = "Name of the Athena workgroup."
  value       = aws_athena_workgroup.this.name
}

output "workgroup_arn" {
  description = "ARN of the Athena workgroup."
  value       = aws_athena_workgroup.this.arn
}

output "database_name" {
  description = "Name of the Glue database."
  value       = aws_glue_catalog_database.lake.name
}

output "database_arn" {
  description = "ARN of the Glue database."
  value       = aws_glue_catalog_database.lake.arn
}
