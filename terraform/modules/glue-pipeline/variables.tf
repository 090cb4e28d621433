variable "name" {
  description = "Prefix of every name this module creates, e.g. commitstats-dev."
  type        = string
}

variable "lake_bucket" {
  description = "Name of the lake bucket: the transform reads raw/ and config/, writes delta/."
  type        = string
}

variable "lake_kms_key_arn" {
  description = "ARN of the key that encrypts the lake, results and artifacts buckets."
  type        = string
}

variable "artifacts_bucket" {
  description = "Name of the bucket the Glue jar and scripts are uploaded to (and Glue's temporary folder)."
  type        = string
}

variable "glue_jar_file" {
  description = "Path of the Glue jar (dist/commitstats-glue.jar from ./commitstats package)."
  type        = string
}

variable "ingest_jar_file" {
  description = "Local path of the distributed ingest's Glue jar (dist/commitstats-ingest-glue.jar)."
  type        = string
}

variable "ingest_script_file" {
  description = "Local path of the distributed ingest's Scala launcher (dist/glue/ingest.scala)."
  type        = string
}

variable "tokens_kms_key_arn" {
  description = "ARN of the KMS key that wraps the token store's data keys (the tokens module's)."
  type        = string
}

variable "ingest_workers" {
  description = "Number of workers of the Flex distributed ingest job (first collections; started by hand)."
  type        = number
  default     = 8
}

variable "transform_script_file" {
  description = "Path of the transform job's Scala launcher (dist/glue/transform.scala)."
  type        = string
}

variable "register_script_file" {
  description = "Path of the registration job's script (dist/glue/register.py)."
  type        = string
}

variable "database_name" {
  description = "Glue database the registration job registers the Delta tables in."
  type        = string
}

variable "athena_workgroup" {
  description = "Athena workgroup the registration job runs its DDL in."
  type        = string
}

variable "athena_workgroup_arn" {
  description = "ARN of that workgroup."
  type        = string
}

variable "athena_results_bucket_arn" {
  description = "ARN of the bucket of Athena's query results (the registration's DDL writes there)."
  type        = string
}

variable "worker_type" {
  description = "Glue worker type of the transform (G.1X: 4 vCPU, 16 GB)."
  type        = string
  default     = "G.1X"
}

variable "workers" {
  description = "Number of workers of the incremental transform (Glue's minimum is 2)."
  type        = number
  default     = 2
}

variable "backfill_workers" {
  description = "Number of workers of the Flex backfill job (a full transform)."
  type        = number
  default     = 4
}

variable "timeout_minutes" {
  description = "Timeout of the incremental transform in minutes."
  type        = number
  default     = 30
}

variable "batch_window_seconds" {
  description = "Seconds the workflow's event trigger gathers ingest markers before it starts one transform (at most 900)."
  type        = number
  default     = 900

  validation {
    condition     = var.batch_window_seconds >= 1 && var.batch_window_seconds <= 900
    error_message = "batch_window_seconds must be between 1 and 900 (Glue's limit)."
  }
}

variable "batch_size" {
  description = "Number of ingest markers that start a transform before the window ends."
  type        = number
  default     = 100
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
