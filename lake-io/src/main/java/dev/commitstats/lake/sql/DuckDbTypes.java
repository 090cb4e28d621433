package dev.commitstats.lake.sql;

import dev.commitstats.model.ColumnType;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.util.stream.Collectors;

/** The DuckDB spelling of the lake's logical types, in one place. */
public final class DuckDbTypes {
  private DuckDbTypes() {}

  /** The type a column has in the lake's Parquet files, as DuckDB names it. */
  public static String lakeType(ColumnType type) {
    if (type instanceof ColumnType.ListOf l) {
      return lakeType(l.element()) + "[]";
    }
    if (type instanceof ColumnType.StructOf s) {
      return s.fields().stream()
          .map(f -> f.name() + " " + lakeType(f.type()))
          .collect(Collectors.joining(", ", "STRUCT(", ")"));
    }
    return switch ((ColumnType.Primitive) type) {
      case STRING -> "VARCHAR";
      case INT -> "INTEGER";
      case LONG -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case BOOLEAN -> "BOOLEAN";
      case TIMESTAMP -> "TIMESTAMPTZ";
      case DATE -> "DATE";
    };
  }

  /** The DuckDB type of a Delta table's column, as Delta Kernel reads it from the table's log. */
  public static String deltaType(DataType t) {
    if (t instanceof LongType) {
      return "BIGINT";
    } else if (t instanceof IntegerType) {
      return "INTEGER";
    } else if (t instanceof DoubleType || t instanceof FloatType) {
      return "DOUBLE";
    } else if (t instanceof BooleanType) {
      return "BOOLEAN";
    } else if (t instanceof TimestampType) {
      return "TIMESTAMPTZ";
    } else if (t instanceof TimestampNTZType) {
      return "TIMESTAMP";
    } else if (t instanceof DateType) {
      return "DATE";
    } else if (t instanceof ArrayType a) {
      return deltaType(a.getElementType()) + "[]";
    } else if (t instanceof StructType s) {
      return "STRUCT("
          + s.fields().stream()
              .map(f -> quote(f.getName()) + " " + deltaType(f.getDataType()))
              .collect(Collectors.joining(", "))
          + ")";
    }
    return "VARCHAR";
  }

  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
