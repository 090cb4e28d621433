output "cv_url" {
  description = "Where the CV pages are served: CV_URL/cv/USER."
  value       = module.api.url
}

output "lake" {
  description = "The lake (--lake of every command)."
  value       = module.lake.lake_url
}

output "token_key_arn" {
  description = "Set COMMITSTATS_TOKEN_KMS_KEY to this when storing tokens."
  value       = module.tokens.key_arn
}

output "athena_workgroup" {
  description = "Athena workgroup for analysts (notebooks: COMMITSTATS_ATHENA_WORKGROUP)."
  value       = module.athena.workgroup
}

output "athena_database" {
  description = "Glue database of the tables."
  value       = module.athena.database_name
}

output "backfill_job" {
  description = "Start this Glue job for a full transform (Flex)."
  value       = module.glue_pipeline.backfill_job_name
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.alarms.topic_arn
}
