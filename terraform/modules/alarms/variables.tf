variable "name" {
  description = "Prefix of every name this module creates; the topic is NAME-alarms."
  type        = string
}

variable "emails" {
  description = "Addresses subscribed to the alarm topic (each confirms by mail)."
  type        = list(string)
  default     = []
}

variable "glue_job_names" {
  description = "Glue jobs whose failed, stopped or timed-out runs raise an alarm."
  type        = list(string)
}

variable "ingest_function_name" {
  description = "Name of the ingest function (its errors raise an alarm)."
  type        = string
}

variable "failed_repositories_metric" {
  description = "Namespace and name of the ingest's failed-repositories metric (ingest module output)."
  type        = object({ namespace = string, name = string })
}

variable "api_id" {
  description = "ID of the HTTP API whose 5xx answers raise an alarm."
  type        = string
}

variable "api_5xx_threshold" {
  description = "5xx answers in 5 minutes that raise the alarm."
  type        = number
  default     = 5
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
