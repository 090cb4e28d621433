variable "name" {
  description = "Prefix of every name this module creates; the function and its role are NAME-api."
  type        = string
}

variable "lake_bucket" {
  description = "Name of the lake bucket (the API reads delta/)."
  type        = string
}

variable "lake_kms_key_arn" {
  description = "ARN of the key that encrypts the lake and Athena's results."
  type        = string
}

variable "artifacts_bucket" {
  description = "Name of the bucket the API package is uploaded to."
  type        = string
}

variable "package_file" {
  description = "Path of the API Lambda package (dist/commitstats-api-lambda.zip from ./commitstats package)."
  type        = string
}

variable "athena_workgroup" {
  description = "Athena workgroup of the API's queries."
  type        = string
}

variable "athena_workgroup_arn" {
  description = "ARN of that workgroup."
  type        = string
}

variable "athena_results_bucket_arn" {
  description = "ARN of the bucket of Athena's query results."
  type        = string
}

variable "database_name" {
  description = "Glue database of the Delta tables."
  type        = string
}

variable "engine" {
  description = "The API's engine: duckdb (the gold tables copied from delta/ into /tmp; answers in milliseconds, no Athena cost) or athena (needs the Athena JDBC driver in the package)."
  type        = string
  default     = "duckdb"

  validation {
    condition     = contains(["duckdb", "athena"], var.engine)
    error_message = "engine must be duckdb or athena."
  }
}

variable "memory_mb" {
  description = "Memory of the API function in MB."
  type        = number
  default     = 2048
}

variable "cors_allow_origins" {
  description = "Origins allowed to call the API from a browser (empty: no CORS headers; the CV pages are served by the API itself)."
  type        = list(string)
  default     = []
}

variable "throttle_rate_per_second" {
  description = "Steady requests per second the HTTP API accepts before answering 429."
  type        = number
  default     = 50
}

variable "throttle_burst" {
  description = "Burst of requests the HTTP API accepts before answering 429."
  type        = number
  default     = 100
}

variable "price_class" {
  description = "CloudFront price class (PriceClass_100: North America and Europe)."
  type        = string
  default     = "PriceClass_100"
}

variable "log_retention_days" {
  description = "Days the API's logs are kept."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
