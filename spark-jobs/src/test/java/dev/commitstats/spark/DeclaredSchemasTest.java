package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.Column;
import dev.commitstats.model.DeltaTables;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the transform writes is what model/ declares: every Delta table has exactly the declared
 * columns, in order, with the declared types.
 */
class DeclaredSchemasTest {
  static SparkSession spark;

  @TempDir Path lake;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  @Test
  void everyTableHasTheDeclaredColumnsAndTypes() {
    Scenario.batch(spark, lake, 1);
    TransformJob.run(spark, new TransformJob.Settings(lake.toString(), Scenario.CONFIG, false));
    for (String table : DeltaTables.ALL) {
      List<String> written =
          Arrays.stream(
                  spark
                      .read()
                      .format("delta")
                      .load(lake.resolve(DeltaTables.path(table)).toString())
                      .schema()
                      .fields())
              .map(DeclaredSchemasTest::describe)
              .toList();
      List<String> declared =
          DeltaTables.schema(table).columns().stream().map(DeclaredSchemasTest::describe).toList();
      assertThat(written).as(table).containsExactlyElementsOf(declared);
    }
  }

  private static String describe(StructField f) {
    return f.name() + " " + f.dataType().catalogString();
  }

  private static String describe(Column c) {
    return c.name() + " " + c.type().ddl();
  }
}
