# The key of the token store. Tokens are stored by `./commitstats accounts token set` with
# COMMITSTATS_TOKEN_KMS_KEY set to this key: envelope encryption, a random AES-256-GCM data key per
# token, wrapped by KMS under the encryption context {"commitstats-token": NAME}. The store's files
# live in the lake bucket under config/tokens/ (see docs/deploy.md for why not Secrets Manager).
# Only the ingest role may decrypt, and only with that encryption context.

data "aws_caller_identity" "current" {}

locals {
  account_root = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
  reader_arns  = [for r in var.reader_role_names : "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${r}"]
  # administration without any use of the key: no Decrypt for administrators
  administration = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
    "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
    "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant", "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "AccountAdministersTheKey"
    actions   = local.administration
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  statement {
    sid       = "StoreTokens"
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = length(var.writer_role_arns) > 0 ? var.writer_role_arns : [local.account_root]
    }

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
    sid       = "IngestReadsTokens"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = local.reader_arns
    }

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
}

resource "aws_kms_key" "tokens" {
  description             = "${var.name}: wraps the data keys of the token store (config/tokens/)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "tokens" {
  name          = "alias/${var.name}-tokens"
  target_key_id = aws_kms_key.tokens.key_id
}
