# The Glue workflow: ingest writes state/runs/<run>.json when a run wrote new raw files; S3 sends
# that object's event to EventBridge, whose rule notifies the workflow; the workflow's EVENT
# trigger gathers markers for up to batch_window_seconds and starts one transform (a Glue 5.0
# Scala job running dev.commitstats.spark.TransformJob). No marker, no run: an ingest that found
# nothing new starts nothing and costs nothing here. After a successful transform, a CONDITIONAL
# trigger runs the registration (a Python shell job: 1/16 DPU) that registers in the Glue database
# only the tables the catalog lacks, and exits at once when it lacks none. The backfill job is the
# same transform with --full true on Flex capacity, started by hand. The ingest job is the
# distributed ingest (dev.commitstats.ingest.spark.CommitStatsIngest) for first collections of many
# repositories, on Flex capacity, started by hand; its run markers start the workflow as the
# scheduled ingest's do.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition     = data.aws_partition.current.partition
  region        = data.aws_region.current.region
  account       = data.aws_caller_identity.current.account_id
  lake_arn      = "arn:${local.partition}:s3:::${var.lake_bucket}"
  artifacts_arn = "arn:${local.partition}:s3:::${var.artifacts_bucket}"
  workflow_name = "${var.name}-refresh"
  job_names     = ["${var.name}-transform", "${var.name}-backfill", "${var.name}-register", "${var.name}-ingest"]

  transform_arguments = {
    "--job-language"                     = "scala"
    "--class"                            = "CommitStatsTransform"
    "--extra-jars"                       = "s3://${aws_s3_object.jar.bucket}/${aws_s3_object.jar.key}"
    "--datalake-formats"                 = "delta"
    "--job-bookmark-option"              = "job-bookmark-disable"
    "--enable-metrics"                   = "true"
    "--enable-observability-metrics"     = "true"
    "--enable-continuous-cloudwatch-log" = "true"
    "--TempDir"                          = "s3://${var.artifacts_bucket}/glue-temp/"
    "--lake"                             = "s3://${var.lake_bucket}"
    "--config"                           = "s3://${var.lake_bucket}/config/commitstats.yaml"
  }
}

resource "aws_s3_object" "jar" {
  bucket      = var.artifacts_bucket
  key         = "glue/${basename(var.glue_jar_file)}"
  source      = var.glue_jar_file
  source_hash = filesha256(var.glue_jar_file)
  tags        = var.tags
}

resource "aws_s3_object" "ingest_jar" {
  bucket      = var.artifacts_bucket
  key         = "glue/${basename(var.ingest_jar_file)}"
  source      = var.ingest_jar_file
  source_hash = filesha256(var.ingest_jar_file)
  tags        = var.tags
}

resource "aws_s3_object" "ingest_script" {
  bucket      = var.artifacts_bucket
  key         = "glue/ingest.scala"
  source      = var.ingest_script_file
  source_hash = filesha256(var.ingest_script_file)
  tags        = var.tags
}

resource "aws_s3_object" "transform_script" {
  bucket      = var.artifacts_bucket
  key         = "glue/transform.scala"
  source      = var.transform_script_file
  source_hash = filesha256(var.transform_script_file)
  tags        = var.tags
}

resource "aws_s3_object" "register_script" {
  bucket      = var.artifacts_bucket
  key         = "glue/register.py"
  source      = var.register_script_file
  source_hash = filesha256(var.register_script_file)
  tags        = var.tags
}

data "aws_iam_policy_document" "assume_glue" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
  }
}

# The transform: reads raw/ and config/, writes delta/ (Delta's log and data files).
data "aws_iam_policy_document" "transform" {
  statement {
    sid       = "ListRawDeltaConfig"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["raw/*", "delta/*", "config/*", "raw", "delta"]
    }
  }

  statement {
    sid       = "ReadRawDeltaConfig"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/raw/*", "${local.lake_arn}/delta/*", "${local.lake_arn}/config/commitstats.yaml"]
  }

  statement {
    sid       = "WriteDelta"
    actions   = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${local.lake_arn}/delta/*"]
  }

  statement {
    sid       = "ReadArtifactsWriteTemp"
    actions   = ["s3:GetObject"]
    resources = ["${local.artifacts_arn}/glue/*", "${local.artifacts_arn}/glue-temp/*"]
  }

  statement {
    sid       = "GlueTemp"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.artifacts_arn}/glue-temp/*"]
  }

  statement {
    sid       = "Encryption"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.lake_kms_key_arn]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws-glue/*"]
  }

  statement {
    sid       = "Metrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["Glue"]
    }
  }
}

resource "aws_iam_role" "transform" {
  name               = "${var.name}-transform"
  assume_role_policy = data.aws_iam_policy_document.assume_glue.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "transform" {
  name   = "transform"
  role   = aws_iam_role.transform.id
  policy = data.aws_iam_policy_document.transform.json
}

# The registration: reads which Delta tables exist, manages the Glue database through Athena DDL.
data "aws_iam_policy_document" "register" {
  statement {
    sid       = "ListDelta"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["delta/*"]
    }
  }

  statement {
    sid       = "ReadDeltaLogs"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/delta/*", "${local.artifacts_arn}/glue/*"]
  }

  statement {
    sid       = "AthenaDdl"
    actions   = ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:StopQueryExecution"]
    resources = [var.athena_workgroup_arn]
  }

  statement {
    sid     = "GlueCatalog"
    actions = ["glue:GetDatabase", "glue:CreateDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable"]
    resources = [
      "arn:${local.partition}:glue:${local.region}:${local.account}:catalog",
      "arn:${local.partition}:glue:${local.region}:${local.account}:database/${var.database_name}",
      "arn:${local.partition}:glue:${local.region}:${local.account}:table/${var.database_name}/*",
    ]
  }

  statement {
    sid       = "AthenaResults"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:GetBucketLocation", "s3:ListBucket", "s3:AbortMultipartUpload"]
    resources = [var.athena_results_bucket_arn, "${var.athena_results_bucket_arn}/*"]
  }

  statement {
    sid       = "Encryption"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.lake_kms_key_arn]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws-glue/*"]
  }
}

resource "aws_iam_role" "register" {
  name               = "${var.name}-register"
  assume_role_policy = data.aws_iam_policy_document.assume_glue.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "register" {
  name   = "register"
  role   = aws_iam_role.register.id
  policy = data.aws_iam_policy_document.register.json
}

resource "aws_glue_job" "transform" {
  name              = "${var.name}-transform"
  role_arn          = aws_iam_role.transform.arn
  glue_version      = "5.0"
  worker_type       = var.worker_type
  number_of_workers = var.workers
  timeout           = var.timeout_minutes
  max_retries       = 1
  default_arguments = local.transform_arguments
  tags              = var.tags

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_object.transform_script.bucket}/${aws_s3_object.transform_script.key}"
  }

  # one Delta writer at a time: a second run waits for the next trigger instead of conflicting
  execution_property {
    max_concurrent_runs = 1
  }
}

resource "aws_glue_job" "backfill" {
  name              = "${var.name}-backfill"
  role_arn          = aws_iam_role.transform.arn
  glue_version      = "5.0"
  worker_type       = var.worker_type
  number_of_workers = var.backfill_workers
  execution_class   = "FLEX"
  timeout           = 240
  max_retries       = 1
  default_arguments = merge(local.transform_arguments, { "--full" = "true" })
  tags              = var.tags

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_object.transform_script.bucket}/${aws_s3_object.transform_script.key}"
  }

  execution_property {
    max_concurrent_runs = 1
  }
}

# The distributed ingest: reads config/ (the config and the token store) and state/, writes raw/
# and state/ (deleting what interrupted runs left uncommitted), keeps no clone cache (executors
# clone into their local disks). Tokens: kms:Decrypt on the tokens key for token data keys only.
data "aws_iam_policy_document" "ingest" {
  statement {
    sid       = "ListIngestPrefixes"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["raw/*", "state/*", "config/*", "raw", "state"]
    }
  }

  statement {
    sid       = "ReadConfigTokensStateRaw"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/config/*", "${local.lake_arn}/state/*", "${local.lake_arn}/raw/*"]
  }

  statement {
    sid       = "WriteRawAndState"
    actions   = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${local.lake_arn}/raw/*", "${local.lake_arn}/state/*"]
  }

  statement {
    sid       = "ReadArtifactsWriteTemp"
    actions   = ["s3:GetObject"]
    resources = ["${local.artifacts_arn}/glue/*", "${local.artifacts_arn}/glue-temp/*"]
  }

  statement {
    sid       = "GlueTemp"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.artifacts_arn}/glue-temp/*"]
  }

  statement {
    sid       = "LakeEncryption"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.lake_kms_key_arn]
  }

  statement {
    sid       = "ReadTokensOnly"
    actions   = ["kms:Decrypt"]
    resources = [var.tokens_kms_key_arn]

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "kms:EncryptionContextKeys"
      values   = ["commitstats-token"]
    }

    condition {
      test     = "Null"
      variable = "kms:EncryptionContext:commitstats-token"
      values   = ["false"]
    }
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws-glue/*"]
  }

  statement {
    sid       = "Metrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["Glue"]
    }
  }
}

resource "aws_iam_role" "ingest" {
  name               = "${var.name}-glue-ingest"
  assume_role_policy = data.aws_iam_policy_document.assume_glue.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "ingest" {
  name   = "ingest"
  role   = aws_iam_role.ingest.id
  policy = data.aws_iam_policy_document.ingest.json
}

resource "aws_glue_job" "ingest" {
  name              = "${var.name}-ingest"
  role_arn          = aws_iam_role.ingest.arn
  glue_version      = "5.0"
  worker_type       = var.worker_type
  number_of_workers = var.ingest_workers
  execution_class   = "FLEX"
  timeout           = 480
  max_retries       = 1 # a retried run resumes from what the first one committed
  tags              = var.tags

  default_arguments = {
    "--job-language"                     = "scala"
    "--class"                            = "CommitStatsIngest"
    "--extra-jars"                       = "s3://${aws_s3_object.ingest_jar.bucket}/${aws_s3_object.ingest_jar.key}"
    "--job-bookmark-option"              = "job-bookmark-disable"
    "--enable-metrics"                   = "true"
    "--enable-continuous-cloudwatch-log" = "true"
    "--TempDir"                          = "s3://${var.artifacts_bucket}/glue-temp/"
    "--lake"                             = "s3://${var.lake_bucket}"
    "--config"                           = "s3://${var.lake_bucket}/config/commitstats.yaml"
    "--token-store"                      = "s3://${var.lake_bucket}/config/tokens"
    "--token-kms-key"                    = var.tokens_kms_key_arn
  }

  command {
    name            = "glueetl"
    script_location = "s3://${aws_s3_object.ingest_script.bucket}/${aws_s3_object.ingest_script.key}"
  }

  # the driver holds the lake's ingest lock: a second run would fail at once
  execution_property {
    max_concurrent_runs = 1
  }
}

resource "aws_glue_job" "register" {
  name         = "${var.name}-register"
  role_arn     = aws_iam_role.register.arn
  glue_version = "3.0"
  max_capacity = 0.0625
  timeout      = 15
  max_retries  = 1
  tags         = var.tags

  command {
    name            = "pythonshell"
    python_version  = "3.9"
    script_location = "s3://${aws_s3_object.register_script.bucket}/${aws_s3_object.register_script.key}"
  }

  default_arguments = {
    "--lake"             = "s3://${var.lake_bucket}"
    "--database"         = var.database_name
    "--athena-workgroup" = var.athena_workgroup
    "--tables"           = "s3://${var.artifacts_bucket}/glue/tables.txt"
  }

  execution_property {
    max_concurrent_runs = 1
  }
}

resource "aws_glue_workflow" "refresh" {
  name                = local.workflow_name
  description         = "Transform the raw files new ingest runs wrote; register tables the catalog lacks."
  max_concurrent_runs = 1
  tags                = var.tags
}

resource "aws_glue_trigger" "new_raw_data" {
  name          = "${var.name}-new-raw-data"
  type          = "EVENT"
  workflow_name = aws_glue_workflow.refresh.name
  tags          = var.tags

  event_batching_condition {
    batch_size   = var.batch_size
    batch_window = var.batch_window_seconds
  }

  actions {
    job_name = aws_glue_job.transform.name
  }
}

resource "aws_glue_trigger" "register_after_transform" {
  name          = "${var.name}-register-after-transform"
  type          = "CONDITIONAL"
  workflow_name = aws_glue_workflow.refresh.name
  tags          = var.tags

  predicate {
    conditions {
      job_name = aws_glue_job.transform.name
      state    = "SUCCEEDED"
    }
  }

  actions {
    job_name = aws_glue_job.register.name
  }
}

resource "aws_cloudwatch_event_rule" "ingest_marker" {
  name        = "${var.name}-ingest-marker"
  description = "An ingest run wrote new raw files: notify the refresh workflow."
  tags        = var.tags

  event_pattern = jsonencode({
    source        = ["aws.s3"]
    "detail-type" = ["Object Created"]
    detail = {
      bucket = { name = [var.lake_bucket] }
      object = { key = [{ prefix = "state/runs/" }] }
    }
  })
}

data "aws_iam_policy_document" "assume_events" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "notify_workflow" {
  statement {
    actions   = ["glue:NotifyEvent"]
    resources = [aws_glue_workflow.refresh.arn]
  }
}

resource "aws_iam_role" "events" {
  name               = "${var.name}-refresh-events"
  assume_role_policy = data.aws_iam_policy_document.assume_events.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "events" {
  name   = "notify-workflow"
  role   = aws_iam_role.events.id
  policy = data.aws_iam_policy_document.notify_workflow.json
}

resource "aws_cloudwatch_event_target" "workflow" {
  rule     = aws_cloudwatch_event_rule.ingest_marker.name
  arn      = aws_glue_workflow.refresh.arn
  role_arn = aws_iam_role.events.arn
}
