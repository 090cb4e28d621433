package dev.commitstats.tools.spark;

import dev.commitstats.model.DeltaTables;
import dev.commitstats.spark.JobArgs;
import dev.commitstats.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Compares the Delta tables of two lakes row for row (bench/soak-transform.sh: a lake refreshed by
 * many incremental runs against one full run over the same raw layer). Every table but the run log
 * and the user history (whose cutoff week is the newest week of the run that last recomputed it, so
 * it depends on how the runs were split) must hold the same multiset of rows, leaving out the
 * columns documented as the time of the run that computed a row ({@code user_cv_summary.as_of}: the
 * newest collection time when the row was computed, older for a user no later run touched). Prints
 * one line per table and exits 1 when any differs.
 *
 * <pre>--a LAKE --b LAKE</pre>
 */
public final class CompareLakes {
  private CompareLakes() {}

  /** The tables whose rows do not depend on how the raw layer was split into runs. */
  static final List<String> TABLES = DeltaTables.RUN_INDEPENDENT;

  /** Columns whose value is the time of the run that last computed the row. */
  static final Map<String, Set<String>> RUN_TIME_COLUMNS =
      Map.of(DeltaTables.USER_CV_SUMMARY, Set.of("as_of"));

  public static void main(String[] args) {
    JobArgs a = JobArgs.parse(args, Set.of("a", "b"), Set.of());
    Path left = Path.of(a.required("a", "LAKE"));
    Path right = Path.of(a.required("b", "LAKE"));
    SparkSession spark = SparkSessions.create("commitstats-compare-lakes", 2, 8);
    int differing = 0;
    try {
      for (String table : TABLES) {
        Path x = left.resolve("delta").resolve(table);
        Path y = right.resolve("delta").resolve(table);
        if (!Files.isDirectory(x) || !Files.isDirectory(y)) {
          System.out.printf(
              Locale.ROOT, "%-26s missing in %s%n", table, Files.isDirectory(x) ? right : left);
          differing++;
          continue;
        }
        Dataset<Row> rx = spark.read().format("delta").load(x.toString());
        Dataset<Row> ry = spark.read().format("delta").load(y.toString());
        Set<String> leftOut = RUN_TIME_COLUMNS.getOrDefault(table, Set.of());
        String[] names =
            Arrays.stream(rx.columns()).filter(c -> !leftOut.contains(c)).toArray(String[]::new);
        Dataset<Row> fy = ry;
        ry = ry.select(Arrays.stream(names).map(fy::col).toArray(Column[]::new));
        Dataset<Row> fx = rx;
        rx = rx.select(Arrays.stream(names).map(fx::col).toArray(Column[]::new));
        long onlyLeft = rx.exceptAll(ry).count();
        long onlyRight = ry.exceptAll(rx).count();
        System.out.printf(
            Locale.ROOT,
            "%-26s %9d rows   %s%n",
            table,
            rx.count(),
            onlyLeft + onlyRight == 0
                ? "equal"
                : onlyLeft + " rows only in the first lake, " + onlyRight + " only in the second");
        if (onlyLeft + onlyRight > 0) {
          differing++;
        }
      }
    } finally {
      spark.stop();
    }
    System.out.println(
        differing == 0
            ? "the lakes hold the same rows in all " + TABLES.size() + " tables"
            : differing + " of " + TABLES.size() + " tables differ");
    System.exit(differing == 0 ? 0 : 1);
  }
}
