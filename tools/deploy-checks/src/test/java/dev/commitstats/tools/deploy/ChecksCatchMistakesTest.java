package dev.commitstats.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks fail where they should: a small tree with one mistake of each kind. */
class ChecksCatchMistakesTest {
  @TempDir static Path root;
  static TerraformTree tree;

  @BeforeAll
  static void write() throws Exception {
    Path module = Files.createDirectories(root.resolve("modules/bad"));
    Files.writeString(
        module.resolve("main.tf"),
        """
        resource "aws_s3_bucket" "open" {
          bucket = "${var.name}-open"
        }

        resource "aws_s3_bucket_versioning" "open" {
          bucket = aws_s3_bucket.open.id

          versoning_configuration {
            status = "Enabled"
          }
        }

        resource "aws_s3_bukket" "typo" {
          bucket = "x"
        }

        resource "aws_s3_bucket_policy" "nobucket" {
          policy = data.aws_iam_policy_document.broad.json
        }

        data "aws_iam_policy_document" "broad" {
          statement {
            actions   = ["s3:*"]
            resources = ["*"]
          }
        }

        resource "aws_iam_role_policy" "inline" {
          role   = "r"
          policy = jsonencode({ Statement = [] })
        }

        resource "aws_kms_key" "norotation" {
          description = "x"
          policy      = data.aws_iam_policy_document.broad.json
        }

        resource "aws_glue_job" "old" {
          name         = "old"
          role_arn     = "arn"
          glue_version = "4.0"
          max_retries  = 3

          command {
            name            = "glueetl"
            script_location = "s3://x/y.scala"
          }

          default_arguments = {
            "--job-bookmark-option" = "job-bookmark-enable"
          }
        }

        resource "aws_sns_topic" "managed" {
          name              = "alarms"
          kms_master_key_id = "alias/aws/sns"
        }

        resource "aws_lambda_function" "old" {
          function_name = "old"
          role          = "arn"
          runtime       = "java17"
          handler       = "dev.commitstats.api.aws.ApiHandler::handleRequest"
          tags          = { used = var.missing }
        }
        """);
    Files.writeString(
        module.resolve("variables.tf"),
        """
        variable "name" {
          type = string
        }
        """);
    Files.writeString(module.resolve("outputs.tf"), "");
    Path env = Files.createDirectories(root.resolve("envs/x"));
    Files.writeString(
        env.resolve("main.tf"),
        """
        module "bad" {
          source = "../../modules/bad"
          nmae   = "x"
        }

        output "nothing" {
          value = module.bad.not_an_output
        }
        """);
    tree = TerraformTree.read(root);
  }

  @Test
  void schemaMistakes() throws Exception {
    var checks = new Checks(tree).schema(new ProviderSchema(Toolchain.nodeModules()));
    assertThat(checks.problems)
        .anyMatch(
            p ->
                p.contains("aws_s3_bucket_versioning.open")
                    && p.contains("unknown argument or block 'versoning_configuration'"))
        .anyMatch(p -> p.contains("has no resource type 'aws_s3_bukket'"))
        .anyMatch(
            p ->
                p.contains("aws_s3_bucket_policy.nobucket")
                    && p.contains("required argument 'bucket' missing"))
        .anyMatch(
            p ->
                p.contains("aws_s3_bucket_versioning.open")
                    && p.contains("required block 'versioning_configuration' missing"));
  }

  @Test
  void moduleAndReferenceMistakes() {
    var checks = new Checks(tree).modules().references();
    assertThat(checks.problems)
        .anyMatch(p -> p.contains("module.bad") && p.contains("passes 'nmae'"))
        .anyMatch(p -> p.contains("module.bad") && p.contains("required variable 'name'"))
        .anyMatch(p -> p.contains("module.bad.not_an_output is not an output"))
        .anyMatch(p -> p.contains("var.missing is not declared"))
        .anyMatch(p -> p.contains("modules/bad/README.md: missing"))
        .anyMatch(p -> p.contains("variable.name: has no description"))
        .anyMatch(p -> p.contains("an environment needs a terraform block"));
  }

  @Test
  void policyMistakes() {
    var checks = new Checks(tree).policies();
    assertThat(checks.problems)
        .anyMatch(
            p -> p.contains("aws_s3_bucket.open") && p.contains("public access is not blocked"))
        .anyMatch(p -> p.contains("aws_s3_bucket.open") && p.contains("not encrypted with SSE-KMS"))
        .anyMatch(p -> p.contains("aws_s3_bucket.open") && p.contains("TLS"))
        .anyMatch(p -> p.contains("aws_s3_bucket.open") && p.contains("no lifecycle rules"))
        .anyMatch(
            p ->
                p.contains("data.aws_iam_policy_document.broad")
                    && p.contains("wildcard action 's3:*'"))
        .anyMatch(
            p ->
                p.contains("aws_iam_role_policy.inline")
                    && p.contains("not an aws_iam_policy_document"))
        .anyMatch(p -> p.contains("aws_kms_key.norotation") && p.contains("key rotation is off"))
        .anyMatch(p -> p.contains("aws_glue_job.old") && p.contains("Glue 5.0"))
        .anyMatch(
            p -> p.contains("aws_glue_job.old") && p.contains("max_concurrent_runs must be 1"))
        .anyMatch(p -> p.contains("aws_glue_job.old") && p.contains("bookmarks must be off"))
        .anyMatch(p -> p.contains("aws_glue_job.old") && p.contains("max_retries must be 1"))
        .anyMatch(p -> p.contains("aws_glue_job.old") && p.contains("no Flex job"))
        .anyMatch(p -> p.contains("aws_sns_topic.managed") && p.contains("AWS managed key"))
        .anyMatch(p -> p.contains("aws_lambda_function.old") && p.contains("java17"))
        .anyMatch(p -> p.contains("aws_lambda_function.old") && p.contains("SnapStart"));
  }
}
