# Athena for the API and for analysts: one workgroup on engine v3 whose settings are enforced
# (clients cannot send results elsewhere or unencrypted), a per-query scan cutoff, and the Glue
# database the registration job fills. Query result reuse is asked per query by the API's
# engine; the workgroup keeps results encrypted with the lake's key.

resource "aws_glue_catalog_database" "lake" {
  name        = var.database_name
  description = "Commit Stats Delta tables (registered by the register job)"
  tags        = var.tags
}

resource "aws_athena_workgroup" "this" {
  name          = var.name
  description   = "Commit Stats: the API and analysts"
  state         = "ENABLED"
  force_destroy = false
  tags          = var.tags

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query
    requester_pays_enabled             = false

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location = "s3://${var.results_bucket}/results/"

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = var.kms_key_arn
      }
    }
  }
}
