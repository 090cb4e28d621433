package dev.commitstats.api.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * One row of a result, read the same way whichever driver produced it (DuckDB returns {@code
 * OffsetDateTime} and {@code LocalDate}, Athena {@code Timestamp} and {@code Date}).
 */
public final class ResultRow {
  private final ResultSet rs;

  public ResultRow(ResultSet rs) {
    this.rs = rs;
  }

  public String string(String column) throws SQLException {
    Object v = rs.getObject(column);
    return v == null ? null : v.toString();
  }

  public long longValue(String column) throws SQLException {
    Object v = rs.getObject(column);
    return v == null ? 0 : ((Number) v).longValue();
  }

  /** The number, or null for SQL NULL. */
  public Double nullableDouble(String column) throws SQLException {
    Object v = rs.getObject(column);
    return v == null ? null : ((Number) v).doubleValue();
  }

  /**
   * An array column's elements (DuckDB and Athena give a {@code java.sql.Array}, Trino a {@code
   * java.util.List}); an SQL NULL is an empty list.
   */
  public java.util.List<Object> list(String column) throws SQLException {
    Object v = rs.getObject(column);
    if (v == null) {
      return java.util.List.of();
    } else if (v instanceof java.sql.Array a) {
      return java.util.Arrays.asList((Object[]) a.getArray());
    } else if (v instanceof java.util.List<?> l) {
      return new java.util.ArrayList<>(l);
    } else if (v instanceof Object[] a) {
      return java.util.Arrays.asList(a);
    }
    throw new SQLException(column + " is not an array but " + v.getClass().getName());
  }

  public java.util.List<String> strings(String column) throws SQLException {
    return list(column).stream().map(o -> o == null ? null : o.toString()).toList();
  }

  public java.util.List<Long> longs(String column) throws SQLException {
    return list(column).stream().map(o -> o == null ? 0L : ((Number) o).longValue()).toList();
  }

  public boolean bool(String column) throws SQLException {
    Object v = rs.getObject(column);
    return v instanceof Boolean b && b;
  }

  /**
   * A time, rounded to the nearest millisecond (half up) as Trino, and so Athena, reads Delta's
   * microsecond timestamps: every engine answers the same instant.
   */
  public Instant instant(String column) throws SQLException {
    Instant i = exactInstant(column);
    return i == null
        ? null
        : i.plusNanos(500_000).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  private Instant exactInstant(String column) throws SQLException {
    Object v = rs.getObject(column);
    if (v == null) {
      return null;
    } else if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    } else if (v instanceof ZonedDateTime z) {
      return z.toInstant();
    } else if (v instanceof Timestamp t) {
      // Trino's "timestamp with time zone" (Delta's timestamps) is the instant itself; Athena
      // returns timestamps as UTC wall-clock values.
      String type = rs.getMetaData().getColumnTypeName(rs.findColumn(column));
      return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("with time zone")
          ? t.toInstant()
          : t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    } else if (v instanceof LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    } else if (v instanceof Instant i) {
      return i;
    }
    return Instant.parse(v.toString());
  }

  public LocalDate date(String column) throws SQLException {
    Object v = rs.getObject(column);
    if (v == null) {
      return null;
    } else if (v instanceof LocalDate d) {
      return d;
    } else if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return LocalDate.parse(v.toString());
  }
}
