variable "region" {
  description = "AWS region of the deployment."
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Name of the environment (part of every resource name)."
  type        = string
  default     = "dev"
}

variable "artifacts_dir" {
  description = "Folder ./commitstats package wrote (holds manifest.json and every artifact)."
  type        = string
  default     = "../../../dist"
}

variable "ingest_schedule" {
  description = "How often the incremental ingest runs (EventBridge Scheduler expression)."
  type        = string
  default     = "rate(15 minutes)"
}

variable "alarm_emails" {
  description = "Addresses that receive the alarms."
  type        = list(string)
  default     = []
}

variable "cors_allow_origins" {
  description = "Origins allowed to call the API from a browser."
  type        = list(string)
  default     = []
}

variable "digest_from" {
  description = "The sender of the weekly digest mails (an address of a domain you control; SES verifies it). Null: no digest mails."
  type        = string
  default     = null
}
