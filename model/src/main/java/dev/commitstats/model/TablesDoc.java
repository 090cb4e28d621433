package dev.commitstats.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * docs/tables.md, generated from the declarations: every column of every raw and Delta table. A
 * test keeps the committed file equal to this text.
 */
public final class TablesDoc {
  private TablesDoc() {}

  public static String markdown() {
    var sb = new StringBuilder();
    sb.append("# Tables and columns\n\n")
        .append("Generated from `model/` (`RawTables`, `DeltaTables`) by `TablesDoc`; do not edit.")
        .append(" After changing a declaration, rewrite it with\n")
        .append("`mvn -q -pl model test -Dtest=TablesDocTest -Dcommitstats.write-docs=true`.\n")
        .append(
            "Rules and runs: [raw-layer.md](raw-layer.md), [delta-layer.md](delta-layer.md).\n");
    sb.append("\n## Raw layer (`LAKE/raw/<table>`, SQL `raw_<table>`)\n");
    for (TableSchema t : RawTables.all()) {
      table(sb, LakeLayout.rawSqlName(t), t);
    }
    sb.append("\n## Delta layer (`LAKE/delta/<table>`)\n");
    for (TableSchema t : DeltaTables.schemas()) {
      table(sb, t.name(), t);
    }
    return sb.toString();
  }

  private static void table(StringBuilder sb, String name, TableSchema t) {
    sb.append("\n### `").append(name).append("`\n\n");
    if (!t.doc().isEmpty()) {
      sb.append(capitalized(t.doc())).append(".");
    }
    if (!t.key().isEmpty()) {
      sb.append(t.doc().isEmpty() ? "" : " ")
          .append("Key: ")
          .append(t.key().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", ")))
          .append(".");
    }
    if (!t.doc().isEmpty() || !t.key().isEmpty()) {
      sb.append("\n\n");
    }
    sb.append("| column | type | meaning |\n|---|---|---|\n");
    for (Column c : t.columns()) {
      sb.append("| `")
          .append(c.name())
          .append("` | `")
          .append(c.type().ddl())
          .append("` | ")
          .append(c.doc() == null ? "" : c.doc().replace("|", "\\|"))
          .append(" |\n");
    }
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** The tables of both layers, for tests. */
  static List<TableSchema> all() {
    var out = new java.util.ArrayList<>(RawTables.all());
    out.addAll(DeltaTables.schemas());
    return out;
  }
}
