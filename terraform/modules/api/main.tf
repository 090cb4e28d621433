# The API on Lambda: the Javalin application answers API Gateway's HTTP API events in process
# (dev.commitstats.api.aws.ApiHandler, no socket), on the java21 runtime with SnapStart (the
# snapshot is taken after the app and the engine started). With the embedded engine (default)
# it reads the gold tables from a copy in /tmp, fetched from delta/ at start and refreshed at most
# once a minute when a transform run finished; Athena (engine = "athena") is for analysts and
# ranges. CloudFront sits in front: its cache policy keeps what the API's Cache-Control allows
# and revalidates with the API's ETag.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  function_name = "${var.name}-api"
  partition     = data.aws_partition.current.partition
  region        = data.aws_region.current.region
  account       = data.aws_caller_identity.current.account_id
  lake_arn      = "arn:${local.partition}:s3:::${var.lake_bucket}"
  log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws/lambda/${local.function_name}"
  # CloudFront's managed origin request policy AllViewerExceptHostHeader
  all_viewer_except_host = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
}

resource "aws_cloudwatch_log_group" "api" {
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

data "aws_iam_policy_document" "api" {
  statement {
    sid       = "ListDelta"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["delta/*", "delta"]
    }
  }

  statement {
    sid       = "ReadDelta"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/delta/*"]
  }

  # the users' CV curation (users[].cv), re-read every minute
  statement {
    sid       = "ReadConfig"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/config/commitstats.yaml"]
  }

  statement {
    sid       = "Athena"
    actions   = ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution", "athena:GetWorkGroup"]
    resources = [var.athena_workgroup_arn]
  }

  statement {
    sid     = "CatalogRead"
    actions = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"]
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
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*"]
  }
}

resource "aws_iam_role" "api" {
  name               = local.function_name
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "api" {
  name   = "api"
  role   = aws_iam_role.api.id
  policy = data.aws_iam_policy_document.api.json
}

resource "aws_s3_object" "package" {
  bucket      = var.artifacts_bucket
  key         = "lambda/${basename(var.package_file)}"
  source      = var.package_file
  source_hash = filesha256(var.package_file)
  tags        = var.tags
}

resource "aws_lambda_function" "api" {
  function_name    = local.function_name
  role             = aws_iam_role.api.arn
  runtime          = "java21"
  architectures    = ["arm64"]
  handler          = "dev.commitstats.api.aws.ApiHandler::handleRequest"
  s3_bucket        = aws_s3_object.package.bucket
  s3_key           = aws_s3_object.package.key
  source_code_hash = filebase64sha256(var.package_file)
  memory_size      = var.memory_mb
  timeout          = 29
  publish          = true
  tags             = var.tags

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = {
      COMMITSTATS_LAKE            = "s3://${var.lake_bucket}"
      COMMITSTATS_ENGINE          = var.engine
      COMMITSTATS_REFRESH_SECONDS = "60"
      COMMITSTATS_CONFIG          = "s3://${var.lake_bucket}/config/commitstats.yaml"
      # short requests: C1 only starts the app in half the time (bench/api-lambda.sh)
      JAVA_TOOL_OPTIONS            = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
      COMMITSTATS_ATHENA_WORKGROUP = var.athena_workgroup
      COMMITSTATS_ATHENA_DATABASE  = var.database_name
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.api.name
  }
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.api.function_name
  function_version = aws_lambda_function.api.version
}

resource "aws_apigatewayv2_api" "api" {
  name          = local.function_name
  protocol_type = "HTTP"
  tags          = var.tags

  dynamic "cors_configuration" {
    for_each = length(var.cors_allow_origins) > 0 ? [1] : []

    content {
      allow_origins  = var.cors_allow_origins
      allow_methods  = ["GET", "HEAD", "OPTIONS"]
      allow_headers  = ["If-None-Match"]
      expose_headers = ["ETag"]
      max_age        = 3600
    }
  }
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.api.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_alias.live.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 29000
}

resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.api.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.api.id
  name        = "$default"
  auto_deploy = true
  tags        = var.tags

  default_route_settings {
    throttling_rate_limit  = var.throttle_rate_per_second
    throttling_burst_limit = var.throttle_burst
  }
}

resource "aws_lambda_permission" "api_gateway" {
  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.api.execution_arn}/*/*"
}

# Cached as long as the API's Cache-Control says (default 0: revalidate with If-None-Match, which
# the API answers with 304 when its tables did not move); query strings are part of the key.
resource "aws_cloudfront_cache_policy" "api" {
  name        = "${var.name}-api"
  comment     = "Commit Stats API: honours the origin's Cache-Control and ETag"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = 86400

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

resource "aws_cloudfront_distribution" "api" {
  enabled         = true
  comment         = "${var.name} API and CV pages"
  price_class     = var.price_class
  is_ipv6_enabled = true
  http_version    = "http2and3"
  tags            = var.tags

  origin {
    origin_id   = "api"
    domain_name = replace(aws_apigatewayv2_api.api.api_endpoint, "https://", "")

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id         = "api"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS"]
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = aws_cloudfront_cache_policy.api.id
    origin_request_policy_id = local.all_viewer_except_host
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
    minimum_protocol_version       = "TLSv1.2_2021"
  }
}
