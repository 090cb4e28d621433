# The weekly digest by mail: EventBridge Scheduler invokes a function (the API's package, another
# handler) every Monday; it reads config/commitstats.yaml, and every user who set digest_email
# (the opt-in) gets the digest of the week before, as the /digest/USER page shows it, sent with
# Amazon SES from a verified identity. A user without commits is skipped, an address SES refuses
# fails alone (both logged as JSON lines); nothing is retried by the schedule.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  function_name = "${var.name}-digest-mail"
  lake_arn      = "arn:${data.aws_partition.current.partition}:s3:::${var.lake_bucket}"
  log_group_arn = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${local.function_name}"
}

# The sender. SES mails a verification link to the address; until it is followed (and while the
# account is in the SES sandbox, for each recipient too) SES refuses the digests, which the
# function logs as digest_failed.
resource "aws_sesv2_email_identity" "from" {
  email_identity = var.from_address
  tags           = var.tags
}

resource "aws_cloudwatch_log_group" "digest" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
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

data "aws_iam_policy_document" "digest" {
  statement {
    sid       = "ListTheDeltaTables"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["delta/*", "delta"]
    }
  }

  statement {
    sid       = "ReadDeltaAndConfig"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/delta/*", "${local.lake_arn}/config/commitstats.yaml"]
  }

  statement {
    sid       = "LakeEncryption"
    actions   = ["kms:Decrypt"]
    resources = [var.lake_kms_key_arn]
  }

  statement {
    sid       = "SendFromTheIdentity"
    actions   = ["ses:SendEmail"]
    resources = [aws_sesv2_email_identity.from.arn]

    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = [var.from_address]
    }
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*"]
  }
}

resource "aws_iam_role" "digest" {
  name               = local.function_name
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "digest" {
  name   = "digest-mail"
  role   = aws_iam_role.digest.id
  policy = data.aws_iam_policy_document.digest.json
}

resource "aws_lambda_function" "digest" {
  function_name    = local.function_name
  role             = aws_iam_role.digest.arn
  runtime          = "java21"
  architectures    = ["arm64"]
  handler          = "dev.commitstats.api.aws.DigestMailHandler::handleRequest"
  s3_bucket        = var.package_bucket
  s3_key           = var.package_key
  source_code_hash = var.package_hash
  memory_size      = var.memory_mb
  timeout          = 300
  tags             = var.tags

  environment {
    variables = {
      COMMITSTATS_LAKE        = "s3://${var.lake_bucket}"
      COMMITSTATS_CONFIG      = "s3://${var.lake_bucket}/config/commitstats.yaml"
      COMMITSTATS_DIGEST_FROM = var.from_address
      JAVA_TOOL_OPTIONS       = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.digest.name
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
    resources = [aws_lambda_function.digest.arn]
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${local.function_name}-schedule"
  assume_role_policy = data.aws_iam_policy_document.assume_scheduler.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "invoke-digest-mail"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule" "digest" {
  name                         = local.function_name
  schedule_expression          = var.schedule
  schedule_expression_timezone = "UTC"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.digest.arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({ source = "schedule" })

    # a digest sent twice is worse than one sent late by hand: no retries
    retry_policy {
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 3600
    }
  }
}
