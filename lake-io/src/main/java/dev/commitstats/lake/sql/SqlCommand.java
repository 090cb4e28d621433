package dev.commitstats.lake.sql;

import dev.commitstats.lake.Lake;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sql}: a query over the lake with embedded DuckDB. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Runs SQL over the lake with embedded DuckDB. Raw tables are raw_commits,"
          + " raw_file_changes, raw_dependency_changes, raw_repos, raw_retracted_commits."
    })
public final class SqlCommand implements Callable<Integer> {

  @Option(names = "--lake", required = true, description = "lake folder or s3://bucket/prefix")
  String lake;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (default table)")
  ResultPrinter.Format format;

  @Option(names = "--demo", description = "print the demo's CV tables (instead of SQL)")
  boolean demo;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SQL", description = "the query")
  String query;

  @Override
  public Integer call() throws Exception {
    if (demo == (query != null)) {
      System.err.println("error: give one SQL query, or --demo (not both)");
      return 2;
    }
    try (Lake l = Lake.open(lake);
        var conn = LakeSql.open(l);
        var st = conn.createStatement()) {
      for (String sql : demo ? DemoQueries.ALL : List.of(query)) {
        boolean hasResult = st.execute(sql);
        if (hasResult) {
          try (var rs = st.getResultSet()) {
            ResultPrinter.print(rs, format, System.out);
          }
        } else {
          System.out.println("ok (" + st.getUpdateCount() + " rows changed)");
        }
      }
      return 0;
    } catch (SQLException e) {
      System.err.println("error: the query failed: " + firstLine(e.getMessage()));
      return 1;
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
