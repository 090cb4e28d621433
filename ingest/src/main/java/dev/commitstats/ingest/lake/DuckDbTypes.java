package dev.commitstats.ingest.lake;

import dev.commitstats.model.Column;
import dev.commitstats.model.ColumnType;

/** The DuckDB spelling of the lake's logical types, in one place. */
public final class DuckDbTypes {
  private DuckDbTypes() {}

  public static final String PERSON_STRUCT = "STRUCT(name VARCHAR, email VARCHAR)";

  /** The type a column has in the lake's Parquet files, as DuckDB names it. */
  public static String lakeType(ColumnType type) {
    return switch (type) {
      case STRING -> "VARCHAR";
      case INT -> "INTEGER";
      case LONG -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case BOOLEAN -> "BOOLEAN";
      case TIMESTAMP -> "TIMESTAMPTZ";
      case DATE -> "DATE";
      case STRING_LIST -> "VARCHAR[]";
      case PERSON_LIST -> PERSON_STRUCT + "[]";
    };
  }

  /**
   * The type a column has in the staging table the appender fills: timestamps as epoch seconds,
   * person lists as JSON text. {@link #fromStaging} turns them into the lake type.
   */
  static String stagingType(ColumnType type) {
    return switch (type) {
      case TIMESTAMP -> "BIGINT";
      case PERSON_LIST -> "VARCHAR";
      default -> lakeType(type);
    };
  }

  static String fromStaging(Column c) {
    String q = quote(c.name());
    return switch (c.type()) {
      case TIMESTAMP -> "to_timestamp(" + q + ") AS " + q;
      case PERSON_LIST ->
          "CAST(from_json("
              + q
              + ", '[{\"name\":\"VARCHAR\",\"email\":\"VARCHAR\"}]') AS "
              + PERSON_STRUCT
              + "[]) AS "
              + q;
      default -> q;
    };
  }

  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
