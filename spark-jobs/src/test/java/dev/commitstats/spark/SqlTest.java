package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A statement sees its inputs by name only while it is analyzed, and binds its values. */
class SqlTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  @Test
  void inputsAreScopedToTheStatementAndValuesAreBound() {
    Dataset<Row> weeks =
        spark.sql(
            "SELECT explode(array(DATE'2024-01-01', DATE'2024-01-08', DATE'2024-01-15'))"
                + " AS week_start");
    Dataset<Row> before =
        Sql.of("SELECT week_start FROM weeks WHERE (:all OR week_start < :before)")
            .with("weeks", weeks)
            .bind("all", false)
            .bind("before", LocalDate.of(2024, 1, 10))
            .run(spark);
    assertThat(spark.catalog().tableExists("weeks")).as("no view left behind").isFalse();
    assertThat(before.collectAsList().stream().map(r -> r.getDate(0).toString()).toList())
        .isEqualTo(List.of("2024-01-01", "2024-01-08"));
    Dataset<Row> none =
        Sql.of("SELECT week_start FROM weeks WHERE week_start BETWEEN :a AND :b")
            .with("weeks", weeks)
            .bind("a", null)
            .bind("b", null)
            .run(spark);
    assertThat(none.count()).isZero();
  }
}
