variable "name" {
  description = "Prefix of every name this module creates, e.g. commitstats-dev (lower case, digits, dashes; bucket names add -lake, -athena-results, -artifacts)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 characters of a-z, 0-9 and -, starting with a letter or digit."
  }
}

variable "force_destroy" {
  description = "Whether terraform destroy may delete buckets that still hold objects (true only for throw-away environments)."
  type        = bool
  default     = false
}

variable "athena_results_days" {
  description = "Days after which Athena query results expire."
  type        = number
  default     = 7
}

variable "noncurrent_days" {
  description = "Days a replaced or deleted object version is kept (Delta files removed by VACUUM, overwritten state) before it is deleted for good."
  type        = number
  default     = 30
}

variable "raw_infrequent_access_days" {
  description = "Days after which raw Parquet files move to S3 Standard-IA (they are read again only by full transforms)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
