# Incremental ingest on a schedule: EventBridge Scheduler invokes the ingest function, which reads
# config/commitstats.yaml and the token store (config/tokens/) from the lake bucket at every run
# (a config change needs no redeploy), ingests every active repository of the configured sources
# into raw/ and state/, and writes state/runs/<run>.json when the run wrote new raw files (the
# marker that starts the Glue workflow). Bare clones are kept between runs in cache/clones/ of the
# lake bucket, so a cold start fetches only what is new. One run at a time (reserved concurrency 1,
# plus the lake's own lock).

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  function_name = "${var.name}-ingest"
  lake_arn      = "arn:${data.aws_partition.current.partition}:s3:::${var.lake_bucket}"
  log_group_arn = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${local.function_name}"
}

resource "aws_cloudwatch_log_group" "ingest" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# Each failed repository is one JSON log line {"event":"repository_failed",...}.
resource "aws_cloudwatch_log_metric_filter" "repository_failed" {
  name           = "${local.function_name}-repository-failed"
  log_group_name = aws_cloudwatch_log_group.ingest.name
  pattern        = "{ $.event = \"repository_failed\" }"

  metric_transformation {
    name          = "RepositoriesFailed"
    namespace     = "CommitStats/${var.name}"
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "ingest" {
  statement {
    sid       = "ListTheLakePrefixesOfIngest"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["raw/*", "state/*", "config/*", "cache/*"]
    }
  }

  statement {
    sid       = "ReadConfigTokensStateAndCache"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/config/*", "${local.lake_arn}/state/*", "${local.lake_arn}/raw/*", "${local.lake_arn}/cache/*"]
  }

  statement {
    sid       = "WriteRawStateAndCache"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${local.lake_arn}/raw/*", "${local.lake_arn}/state/*", "${local.lake_arn}/cache/*"]
  }

  # raw/ too: a run deletes the files an interrupted run published but never committed to a
  # repository's state (they would otherwise make every later run of that repository fail)
  statement {
    sid       = "RemoveLockUncommittedFilesAndOldCachePacks"
    actions   = ["s3:DeleteObject"]
    resources = ["${local.lake_arn}/raw/*", "${local.lake_arn}/state/*", "${local.lake_arn}/cache/*"]
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
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*"]
  }
}

resource "aws_iam_role" "ingest" {
  name               = local.function_name
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "ingest" {
  name   = "ingest"
  role   = aws_iam_role.ingest.id
  policy = data.aws_iam_policy_document.ingest.json
}

resource "aws_s3_object" "package" {
  bucket      = var.artifacts_bucket
  key         = "lambda/${basename(var.package_file)}"
  source      = var.package_file
  source_hash = filesha256(var.package_file)
  tags        = var.tags
}

resource "aws_lambda_function" "ingest" {
  function_name                  = local.function_name
  role                           = aws_iam_role.ingest.arn
  runtime                        = "java21"
  architectures                  = ["arm64"]
  handler                        = "dev.commitstats.ingest.aws.IngestHandler::handleRequest"
  s3_bucket                      = aws_s3_object.package.bucket
  s3_key                         = aws_s3_object.package.key
  source_code_hash               = filebase64sha256(var.package_file)
  memory_size                    = var.memory_mb
  timeout                        = 900
  reserved_concurrent_executions = 1
  tags                           = var.tags

  ephemeral_storage {
    size = 10240
  }

  environment {
    variables = {
      COMMITSTATS_LAKE            = "s3://${var.lake_bucket}"
      COMMITSTATS_CONFIG          = "s3://${var.lake_bucket}/config/commitstats.yaml"
      COMMITSTATS_TOKEN_STORE_URL = "s3://${var.lake_bucket}/config/tokens"
      COMMITSTATS_TOKEN_STORE     = "/tmp/commitstats/tokens"
      COMMITSTATS_TOKEN_KMS_KEY   = var.tokens_kms_key_arn
      COMMITSTATS_CLONE_CACHE_URL = "s3://${var.lake_bucket}/cache/clones"
      COMMITSTATS_WORK_DIR        = "/tmp/commitstats"
      COMMITSTATS_INGEST_THREADS  = tostring(var.threads)
      JAVA_TOOL_OPTIONS           = "-XX:+UseParallelGC -Xss4m -XX:TieredStopAtLevel=1"
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.ingest.name
  }
}

data "aws_iam_policy_document" "assume_scheduler" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.ingest.arn]
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${local.function_name}-schedule"
  assume_role_policy = data.aws_iam_policy_document.assume_scheduler.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "invoke-ingest"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule" "ingest" {
  name                = local.function_name
  schedule_expression = var.schedule

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.ingest.arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({ source = "schedule" })

    # the next run comes soon: a run that could not start is not retried
    retry_policy {
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 900
    }
  }
}
