terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }

  # Remote state in S3 with S3's own locking (use_lockfile); the bucket is made once by hand
  # (docs/deploy.md): terraform init -backend-config=backend.hcl
  backend "s3" {
    key          = "commitstats/dev/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project     = "commitstats"
      environment = var.environment
    }
  }
}
