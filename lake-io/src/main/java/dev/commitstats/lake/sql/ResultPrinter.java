package dev.commitstats.lake.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a result set as an aligned table, CSV (RFC 4180) or a JSON array of objects. */
public final class ResultPrinter {
  private ResultPrinter() {}

  public enum Format {
    TABLE,
    CSV,
    JSON
  }

  private static final int MAX_CELL = 60;

  public static int print(ResultSet rs, Format format, PrintStream out) throws SQLException {
    var meta = rs.getMetaData();
    int n = meta.getColumnCount();
    var names = new ArrayList<String>();
    for (int i = 1; i <= n; i++) {
      names.add(meta.getColumnLabel(i));
    }
    var rows = new ArrayList<List<Object>>();
    while (rs.next()) {
      var row = new ArrayList<Object>(n);
      for (int i = 1; i <= n; i++) {
        row.add(plain(rs.getObject(i)));
      }
      rows.add(row);
    }
    switch (format) {
      case TABLE -> table(names, rows, out);
      case CSV -> csv(names, rows, out);
      case JSON -> json(names, rows, out);
    }
    return rows.size();
  }

  /** Java values that print and serialize plainly: lists, maps, strings, numbers. */
  public static Object plain(Object v) throws SQLException {
    if (v instanceof Array a) {
      var list = new ArrayList<Object>();
      for (Object o : (Object[]) a.getArray()) {
        list.add(plain(o));
      }
      return list;
    }
    if (v instanceof Struct s) {
      var map = new LinkedHashMap<String, Object>();
      Object[] attrs = s.getAttributes();
      if (s instanceof org.duckdb.DuckDBStruct ds) {
        var m = ds.getMap();
        for (var e : m.entrySet()) {
          map.put(e.getKey(), plain(e.getValue()));
        }
        return map;
      }
      for (int i = 0; i < attrs.length; i++) {
        map.put("f" + i, plain(attrs[i]));
      }
      return map;
    }
    if (v instanceof OffsetDateTime t) {
      return t.toInstant().toString();
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof java.math.BigDecimal || v instanceof java.math.BigInteger) {
      return v.toString();
    }
    return v;
  }

  private static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.4g", d);
    }
    return String.valueOf(v);
  }

  private static void table(List<String> names, List<List<Object>> rows, PrintStream out) {
    int n = names.size();
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = names.get(i).length();
    }
    var cells = new ArrayList<String[]>();
    for (var row : rows) {
      String[] c = new String[n];
      for (int i = 0; i < n; i++) {
        String t = text(row.get(i)).replace('\n', ' ');
        if (t.length() > MAX_CELL) {
          t = t.substring(0, MAX_CELL - 1) + "…";
        }
        c[i] = t;
        width[i] = Math.max(width[i], t.length());
      }
      cells.add(c);
    }
    var sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " | ").append(pad(names.get(i), width[i]));
    }
    out.println(sb.toString().stripTrailing());
    sb.setLength(0);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(sb);
    for (String[] c : cells) {
      sb.setLength(0);
      for (int i = 0; i < n; i++) {
        sb.append(i == 0 ? "" : " | ").append(pad(c[i], width[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  private static void csv(List<String> names, List<List<Object>> rows, PrintStream out) {
    out.print(String.join(",", names.stream().map(ResultPrinter::csvCell).toList()) + "\r\n");
    for (var row : rows) {
      var cells = new ArrayList<String>();
      for (Object v : row) {
        cells.add(
            v == null ? "" : csvCell(v instanceof List || v instanceof Map ? json(v) : text(v)));
      }
      out.print(String.join(",", cells) + "\r\n");
    }
  }

  private static String csvCell(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static String json(Object v) {
    try {
      return new ObjectMapper().writeValueAsString(v);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return String.valueOf(v);
    }
  }

  private static void json(List<String> names, List<List<Object>> rows, PrintStream out) {
    var list = new ArrayList<Map<String, Object>>();
    for (var row : rows) {
      var m = new LinkedHashMap<String, Object>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), row.get(i));
      }
      list.add(m);
    }
    try {
      out.println(JSON.writeValueAsString(list));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
