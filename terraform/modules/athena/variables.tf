variable "name" {
  description = "Prefix of every name this module creates; the workgroup is NAME."
  type        = string
}

variable "database_name" {
  description = "Glue database of the Delta tables (a-z, 0-9, _)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be a-z, 0-9 and _ (Glue's rule for Athena)."
  }
}

variable "results_bucket" {
  description = "Name of the bucket of query results."
  type        = string
}

variable "kms_key_arn" {
  description = "ARN of the key that encrypts query results."
  type        = string
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Bytes one query may scan before Athena cancels it (at least 10 MB)."
  type        = number
  default     = 10737418240
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
