variable "name" {
  description = "Prefix of every name this module creates; the function and its role are NAME-digest-mail."
  type        = string
}

variable "lake_bucket" {
  description = "Name of the lake bucket: the function reads config/commitstats.yaml and the Delta tables under delta/."
  type        = string
}

variable "lake_kms_key_arn" {
  description = "ARN of the key that encrypts the lake bucket (S3 SSE-KMS)."
  type        = string
}

variable "package_bucket" {
  description = "Bucket of the API package (the api module's package_bucket output)."
  type        = string
}

variable "package_key" {
  description = "Key of the API package (the api module's package_key output)."
  type        = string
}

variable "package_hash" {
  description = "Base64 SHA-256 of the API package (the api module's package_hash output)."
  type        = string
}

variable "from_address" {
  description = "The sender of the digests: an address of a domain you control; SES sends a verification mail to it (or verify the domain) before the first digest goes out."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.from_address))
    error_message = "from_address must be a mail address, e.g. digest@example.org."
  }
}

variable "schedule" {
  description = "When the digests are sent (EventBridge Scheduler expression, UTC): by default Monday 07:00, the week before being complete."
  type        = string
  default     = "cron(0 7 ? * MON *)"
}

variable "memory_mb" {
  description = "Memory of the function in MB."
  type        = number
  default     = 2048
}

variable "log_retention_days" {
  description = "Days the function's logs are kept."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
