package dev.commitstats.model;

/** Logical column types of the lake. Each engine maps them to its own types in one place. */
public enum ColumnType {
  STRING,
  INT,
  LONG,
  DOUBLE,
  BOOLEAN,
  /** An instant, stored as UTC (Parquet timestamp adjusted to UTC, microseconds). */
  TIMESTAMP,
  DATE,
  /** A list of strings, e.g. parent commit ids. */
  STRING_LIST,
  /** A list of {@code struct<name: string, email: string>}, e.g. co-authors. */
  PERSON_LIST
}
