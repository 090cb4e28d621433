variable "name" {
  description = "Prefix of every name this module creates, e.g. commitstats-dev."
  type        = string
}

variable "reader_role_names" {
  description = "Names of the IAM roles that may decrypt tokens (the ingest role). Matched by ARN in the key policy, so the roles may be created after the key."
  type        = list(string)
}

variable "writer_role_arns" {
  description = "ARNs of the principals that store tokens (encrypt only), e.g. the operators' role. Empty: any principal of the account whose IAM policy allows kms:Encrypt on the key."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
