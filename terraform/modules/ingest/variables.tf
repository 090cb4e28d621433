variable "name" {
  description = "Prefix of every name this module creates, e.g. commitstats-dev; the function and its role are NAME-ingest."
  type        = string
}

variable "lake_bucket" {
  description = "Name of the lake bucket: ingest reads config/, writes raw/ and state/, keeps its clone cache under cache/."
  type        = string
}

variable "lake_kms_key_arn" {
  description = "ARN of the key that encrypts the lake bucket (S3 SSE-KMS)."
  type        = string
}

variable "tokens_kms_key_arn" {
  description = "ARN of the token store's key (decrypt only, bound by the encryption context)."
  type        = string
}

variable "artifacts_bucket" {
  description = "Name of the bucket the ingest package is uploaded to."
  type        = string
}

variable "package_file" {
  description = "Path of the ingest Lambda package (dist/commitstats-ingest-lambda.zip from ./commitstats package)."
  type        = string
}

variable "schedule" {
  description = "EventBridge Scheduler expression of the incremental ingest."
  type        = string
  default     = "rate(15 minutes)"
}

variable "memory_mb" {
  description = "Memory of the ingest function in MB (Lambda gives one vCPU per 1,769 MB)."
  type        = number
  default     = 3008
}

variable "threads" {
  description = "Repositories ingested at once (--threads): most of a quiet run waits on the hosts' ls-remote answers, so more than the function's vCPUs."
  type        = number
  default     = 16
}

variable "log_retention_days" {
  description = "Days the ingest logs are kept."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
