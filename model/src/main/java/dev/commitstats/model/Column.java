package dev.commitstats.model;

import java.util.Objects;

/** One column of a lake table: its contract name, logical type, nullability and meaning. */
public record Column(String name, ColumnType type, boolean nullable, String doc) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("column name must be snake_case: " + name);
    }
  }

  public static Column required(String name, ColumnType type, String doc) {
    return new Column(name, type, false, doc);
  }

  public static Column optional(String name, ColumnType type, String doc) {
    return new Column(name, type, true, doc);
  }
}
