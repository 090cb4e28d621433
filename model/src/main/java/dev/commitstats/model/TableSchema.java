package dev.commitstats.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** A lake table: its name (the folder under its layer) and its ordered columns. */
public record TableSchema(String name, List<Column> columns) {
  public TableSchema {
    columns = List.copyOf(columns);
    var seen = new HashSet<String>();
    for (Column c : columns) {
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException("duplicate column " + c.name() + " in table " + name);
      }
    }
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
