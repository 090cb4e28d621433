# The whole pipeline in one environment: lake buckets, token key, scheduled ingest, the Glue
# refresh workflow, Athena, the API behind CloudFront, alarms. The artifacts come from
# ./commitstats package (var.artifacts_dir); their names are read from its manifest.

locals {
  name     = "commitstats-${var.environment}"
  database = "commitstats_${var.environment}"
  manifest = { for a in jsondecode(file("${var.artifacts_dir}/manifest.json")).artifacts : a.role => "${var.artifacts_dir}/${a.name}" }
}

module "lake" {
  source = "../../modules/lake"

  name          = local.name
  force_destroy = true
}

module "tokens" {
  source = "../../modules/tokens"

  name              = local.name
  reader_role_names = ["${local.name}-ingest", "${local.name}-glue-ingest"]
}

module "athena" {
  source = "../../modules/athena"

  name           = local.name
  database_name  = local.database
  results_bucket = module.lake.athena_results_bucket
  kms_key_arn    = module.lake.kms_key_arn
}

module "ingest" {
  source = "../../modules/ingest"

  name               = local.name
  lake_bucket        = module.lake.lake_bucket
  lake_kms_key_arn   = module.lake.kms_key_arn
  tokens_kms_key_arn = module.tokens.key_arn
  artifacts_bucket   = module.lake.artifacts_bucket
  package_file       = local.manifest["ingest-lambda"]
  schedule           = var.ingest_schedule
}

module "glue_pipeline" {
  source = "../../modules/glue-pipeline"

  name                      = local.name
  lake_bucket               = module.lake.lake_bucket
  lake_kms_key_arn          = module.lake.kms_key_arn
  artifacts_bucket          = module.lake.artifacts_bucket
  glue_jar_file             = local.manifest["glue-jar"]
  ingest_jar_file           = local.manifest["glue-ingest-jar"]
  ingest_script_file        = local.manifest["glue-ingest-script"]
  tokens_kms_key_arn        = module.tokens.key_arn
  transform_script_file     = local.manifest["glue-transform-script"]
  register_script_file      = local.manifest["glue-register-script"]
  database_name             = module.athena.database_name
  athena_workgroup          = module.athena.workgroup
  athena_workgroup_arn      = module.athena.workgroup_arn
  athena_results_bucket_arn = module.lake.athena_results_bucket_arn
}

module "api" {
  source = "../../modules/api"

  name                      = local.name
  lake_bucket               = module.lake.lake_bucket
  lake_kms_key_arn          = module.lake.kms_key_arn
  artifacts_bucket          = module.lake.artifacts_bucket
  package_file              = local.manifest["api-lambda"]
  athena_workgroup          = module.athena.workgroup
  athena_workgroup_arn      = module.athena.workgroup_arn
  athena_results_bucket_arn = module.lake.athena_results_bucket_arn
  database_name             = module.athena.database_name
  cors_allow_origins        = var.cors_allow_origins
}

# Optional: the weekly digest by mail to the users who set digest_email (needs digest_from).
module "digest_mail" {
  source = "../../modules/digest-mail"
  count  = var.digest_from == null ? 0 : 1

  name             = local.name
  lake_bucket      = module.lake.lake_bucket
  lake_kms_key_arn = module.lake.kms_key_arn
  package_bucket   = module.api.package_bucket
  package_key      = module.api.package_key
  package_hash     = module.api.package_hash
  from_address     = var.digest_from
}

module "alarms" {
  source = "../../modules/alarms"

  name                       = local.name
  emails                     = var.alarm_emails
  glue_job_names             = module.glue_pipeline.job_names
  ingest_function_name       = module.ingest.function_name
  failed_repositories_metric = module.ingest.failed_repositories_metric
  api_id                     = module.api.api_id
}
