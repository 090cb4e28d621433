package dev.commitstats.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A lake table: its name (the folder under its layer), what a row is ({@code doc}), the columns
 * that identify a row ({@code key}; empty where rows have no key) and its ordered columns.
 */
public record TableSchema(String name, String doc, List<String> key, List<Column> columns) {
  public TableSchema {
    columns = List.copyOf(columns);
    key = List.copyOf(key);
    var seen = new HashSet<String>();
    for (Column c : columns) {
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException("duplicate column " + c.name() + " in table " + name);
      }
    }
    for (String k : key) {
      if (!seen.contains(k)) {
        throw new IllegalArgumentException("key column " + k + " is not a column of " + name);
      }
    }
  }

  /** A table without a documented row meaning or key (the raw layer's). */
  public TableSchema(String name, List<Column> columns) {
    this(name, "", List.of(), columns);
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
