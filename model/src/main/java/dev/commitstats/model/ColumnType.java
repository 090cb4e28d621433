package dev.commitstats.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Logical column types of the lake: primitives, lists and structs. Each engine maps them to its own
 * types in one place (DuckDB in the lake module, Spark in spark-jobs); {@link #ddl()} is the
 * spelling Spark, Hive and Athena share, e.g. {@code array<struct<name:string,email:string>>}.
 */
public sealed interface ColumnType {

  /** The Spark/Hive/Athena DDL spelling of the type (Spark's {@code catalogString}). */
  String ddl();

  /** Primitive types. */
  enum Primitive implements ColumnType {
    STRING("string"),
    INT("int"),
    LONG("bigint"),
    DOUBLE("double"),
    BOOLEAN("boolean"),
    /** An instant, stored as UTC (Parquet timestamp adjusted to UTC, microseconds). */
    TIMESTAMP("timestamp"),
    DATE("date");

    private final String ddl;

    Primitive(String ddl) {
      this.ddl = ddl;
    }

    @Override
    public String ddl() {
      return ddl;
    }
  }

  /** A list of {@code element}s. */
  record ListOf(ColumnType element) implements ColumnType {
    public ListOf {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String ddl() {
      return "array<" + element.ddl() + ">";
    }
  }

  /** A struct of named fields, in order. */
  record StructOf(List<Field> fields) implements ColumnType {
    public StructOf {
      fields = List.copyOf(fields);
    }

    @Override
    public String ddl() {
      return fields.stream()
          .map(f -> f.name() + ":" + f.type().ddl())
          .collect(Collectors.joining(",", "struct<", ">"));
    }
  }

  /** A field of a struct. */
  record Field(String name, ColumnType type) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  ColumnType STRING = Primitive.STRING;
  ColumnType INT = Primitive.INT;
  ColumnType LONG = Primitive.LONG;
  ColumnType DOUBLE = Primitive.DOUBLE;
  ColumnType BOOLEAN = Primitive.BOOLEAN;
  ColumnType TIMESTAMP = Primitive.TIMESTAMP;
  ColumnType DATE = Primitive.DATE;

  /** A list of strings, e.g. parent commit ids. */
  ColumnType STRING_LIST = listOf(STRING);

  /** A list of {@code struct<name: string, email: string>}, e.g. co-authors. */
  ColumnType PERSON_LIST = listOf(struct(field("name", STRING), field("email", STRING)));

  static ColumnType listOf(ColumnType element) {
    return new ListOf(element);
  }

  static ColumnType struct(Field... fields) {
    return new StructOf(List.of(fields));
  }

  static Field field(String name, ColumnType type) {
    return new Field(name, type);
  }
}
