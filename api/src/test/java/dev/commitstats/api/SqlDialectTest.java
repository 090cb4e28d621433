package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.api.query.SqlCvQueries;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API's SQL stays in what both DuckDB and Athena accept: no DuckDB-only construct, no value
 * spliced into the text (parameters only, and only in WHERE clauses). The statements run on DuckDB
 * and on a real Trino in TrinoEngineTest; this test keeps out what Trino accepts but Athena does
 * not (parameters outside WHERE, time travel, metadata tables, writes).
 */
class SqlDialectTest {

  /** DuckDB-only (or DuckDB-friendly, Trino-hostile) constructs, with why. */
  static final Map<String, String> FORBIDDEN =
      Map.ofEntries(
          Map.entry("::", "DuckDB cast shorthand: use CAST(x AS type)"),
          Map.entry("(?i)group\\s+by\\s+all", "GROUP BY ALL: list the columns"),
          Map.entry("(?i)order\\s+by\\s+all", "ORDER BY ALL: list the columns"),
          Map.entry("(?i)\\bqualify\\b", "QUALIFY: use a subquery"),
          Map.entry("(?i)\\bexclude\\s*\\(", "SELECT * EXCLUDE: list the columns"),
          Map.entry("(?i)\\bcolumns\\s*\\(", "COLUMNS(): list the columns"),
          Map.entry("(?i)\\bilike\\b", "ILIKE: use lower(x) LIKE"),
          Map.entry("(?i)\\blist_\\w+\\s*\\(", "list functions: Trino has array functions"),
          Map.entry("(?i)\\bstruct_\\w+\\s*\\(", "struct functions"),
          Map.entry("(?i)\\bstrftime\\s*\\(", "strftime: Trino has format_datetime"),
          Map.entry("(?i)\\bepoch_ms\\s*\\(", "epoch_ms"),
          Map.entry("(?i)\\bstring_agg\\s*\\(", "string_agg: Trino has listagg/array_agg"),
          Map.entry("(?i)\\barg_(max|min)\\s*\\(", "arg_max/arg_min: Trino has max_by/min_by"),
          Map.entry("(?i)\\bread_(parquet|csv|json)\\w*\\s*\\(", "file readers"),
          Map.entry("->", "lambda arrows"),
          Map.entry("\\[", "list literals and indexing"),
          Map.entry("\\{", "struct literals"),
          Map.entry("(?i)\\busing\\s+sample\\b", "sampling"),
          Map.entry("(?i)\\b(pivot|unpivot)\\b", "PIVOT"),
          Map.entry("(?i)\\A\\s*from\\b", "FROM-first queries"),
          Map.entry("(?i)\\bat\\b(?!\")", "AT is a keyword in DuckDB: quote the column as \"at\""),
          Map.entry("'[^']*'\\s*\\|\\|\\s*\\?", "a parameter concatenated into text"),
          Map.entry("%[sd]", "a format placeholder left in the statement"),
          // Trino accepts these, Athena does not (the Trino comparison cannot catch them)
          Map.entry(
              "(?i)\\bfor\\s+(version|timestamp)\\s+as\\s+of\\b",
              "time travel: Athena reads the current version only"),
          Map.entry("\\$(history|properties|partitions)\\b", "Trino's metadata tables"),
          Map.entry(
              "(?i)\\A\\s*(insert|update|delete|merge|call|create|drop|alter)\\b",
              "writes: the API reads, and Athena's Delta tables are read-only"));

  @Test
  void noStatementUsesDuckDbOnlySyntax() throws Exception {
    List<String> statements = statements();
    assertThat(statements).hasSizeGreaterThanOrEqualTo(9);
    var problems = new ArrayList<String>();
    for (String sql : statements) {
      String code = sql.replaceAll("'[^']*'", "''"); // string literals are data, not syntax
      code = code.replace("\"at\"", "\"x\"");
      for (var e : FORBIDDEN.entrySet()) {
        if (Pattern.compile(e.getKey(), Pattern.MULTILINE).matcher(code).find()) {
          problems.add(e.getValue() + " in:\n" + sql);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** The clause keywords; a parameter's nearest one before it must be WHERE. */
  static final Pattern CLAUSE =
      Pattern.compile(
          "(?i)\\b(select|from|where|group\\s+by|having|order\\s+by|limit|offset|join|on)\\b");

  /** Where each {@code ?} stands outside a WHERE clause (Athena binds parameters only there). */
  static List<String> parametersOutsideWhere(String sql) {
    String code = sql.replaceAll("'[^']*'", "''");
    var out = new ArrayList<String>();
    for (int i = code.indexOf('?'); i >= 0; i = code.indexOf('?', i + 1)) {
      var m = CLAUSE.matcher(code.substring(0, i));
      String last = null;
      while (m.find()) {
        last = m.group(1);
      }
      if (last == null || !last.equalsIgnoreCase("where")) {
        out.add(
            "a parameter in " + (last == null ? "no clause" : last.toUpperCase()) + ":\n" + sql);
      }
    }
    return out;
  }

  @Test
  void parametersAreBoundInWhereClausesOnly() throws Exception {
    var problems = new ArrayList<String>();
    for (String sql : statements()) {
      problems.addAll(parametersOutsideWhere(sql));
    }
    assertThat(problems).isEmpty();
    assertThat(parametersOutsideWhere("SELECT a FROM t WHERE u = ? ORDER BY a LIMIT ?")).hasSize(1);
    assertThat(parametersOutsideWhere("SELECT a FROM t WHERE u = ? AND d >= CAST(? AS DATE)"))
        .isEmpty();
    assertThat(parametersOutsideWhere("SELECT ? FROM t")).hasSize(1);
  }

  @Test
  void theListCatchesWhatItShould() {
    assertThat(Pattern.compile("::").matcher("SELECT x::DATE FROM t").find()).isTrue();
    assertThat(
            Pattern.compile("(?i)group\\s+by\\s+all")
                .matcher("select a from t group by all")
                .find())
        .isTrue();
    assertThat(Pattern.compile("(?i)\\bat\\b(?!\")").matcher("SELECT max(at) FROM t").find())
        .isTrue();
    assertThat(
            Pattern.compile("(?i)\\bfor\\s+(version|timestamp)\\s+as\\s+of\\b")
                .matcher("SELECT * FROM t FOR VERSION AS OF 3")
                .find())
        .isTrue();
  }

  /** Every SQL statement constant of {@link SqlCvQueries}, which must all be in its ALL list. */
  static List<String> statements() throws Exception {
    Field all = SqlCvQueries.class.getDeclaredField("ALL");
    all.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<String> listed = (List<String>) all.get(null);
    for (Field f : SqlCvQueries.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        f.setAccessible(true);
        String sql = (String) f.get(null);
        if (sql.stripLeading().toUpperCase(java.util.Locale.ROOT).startsWith("SELECT")) {
          assertThat(listed).as(f.getName() + " is in ALL").contains(sql);
        }
      }
    }
    return listed;
  }
}
