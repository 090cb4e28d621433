package dev.commitstats.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One SQL step of the transform over explicit inputs: each input Dataset is visible under its name
 * only while the statement is analyzed (then the name is dropped: no step reads another's views),
 * and values are bound as named parameters ({@code :before}), never spliced into the text. The
 * analyzed plan keeps the inputs' plans, and parameters become literals before optimization, so
 * Delta still skips files on bound dates.
 *
 * <p>Analysis is serialized: steps that run side by side ({@link Concurrently}) build their
 * Datasets first, on one thread, and only then run them.
 *
 * <pre>{@code
 * Dataset<Row> rows =
 *     Sql.of("SELECT * FROM weeks WHERE week_start < :before")
 *         .with("weeks", weekly)
 *         .bind("before", cutoff)
 *         .run(spark);
 * }</pre>
 */
public final class Sql {
  private final String text;
  private final Map<String, Dataset<Row>> inputs;
  private final Map<String, Object> args;

  private Sql(String text, Map<String, Dataset<Row>> inputs, Map<String, Object> args) {
    this.text = text;
    this.inputs = inputs;
    this.args = args;
  }

  public static Sql of(String text) {
    return new Sql(text, Map.of(), Map.of());
  }

  /** The statement with one more input, read as {@code name}. */
  public Sql with(String name, Dataset<Row> rows) {
    var next = new LinkedHashMap<>(inputs);
    if (next.put(name, rows) != null) {
      throw new IllegalArgumentException("input " + name + " given twice");
    }
    return new Sql(text, next, args);
  }

  /** The statement with one more bound parameter {@code :name} (null binds SQL NULL). */
  public Sql bind(String name, Object value) {
    var next = new LinkedHashMap<>(args);
    next.put(name, value);
    return new Sql(text, inputs, next);
  }

  /** Analyzes the statement over its inputs. */
  public Dataset<Row> run(SparkSession spark) {
    synchronized (Sql.class) {
      inputs.forEach((name, rows) -> rows.createOrReplaceTempView(name));
      try {
        return args.isEmpty() ? spark.sql(text) : spark.sql(text, args);
      } finally {
        inputs.keySet().forEach(name -> spark.catalog().dropTempView(name));
      }
    }
  }
}
