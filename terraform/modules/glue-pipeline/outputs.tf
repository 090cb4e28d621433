output "workflow_name" {
  description = "Name of the refresh workflow."
  value       = aws_glue_workflow.refresh.name
}

output "transform_job_name" {
  description = "Name of the incremental transform job."
  value       = aws_glue_job.transform.name
}

output "backfill_job_name" {
  description = "Name of the Flex backfill job (a full transform; start it by hand)."
  value       = aws_glue_job.backfill.name
}

output "ingest_job_name" {
  description = "Name of the Flex distributed ingest job (first collections of many repositories; start it by hand)."
  value       = aws_glue_job.ingest.name
}

output "register_job_name" {
  description = "Name of the registration job."
  value       = aws_glue_job.register.name
}

output "job_names" {
  description = "Names of every job of the pipeline (for the failure alarm)."
  value       = local.job_names
}

output "transform_role_arn" {
  description = "ARN of the transform's role."
  value       = aws_iam_role.transform.arn
}
