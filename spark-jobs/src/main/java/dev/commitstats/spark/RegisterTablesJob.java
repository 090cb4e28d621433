package dev.commitstats.spark;

import dev.commitstats.model.DeltaTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionContext;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

/**
 * Registers the lake's Delta tables for Athena: {@code CREATE EXTERNAL TABLE … LOCATION …
 * TBLPROPERTIES ('table_type'='DELTA')} per table in one Glue database. Athena reads the columns
 * from each table's Delta log, so the DDL names none and stays valid as tables gain columns.
 *
 * <p>Prints the statements; with {@code --athena-workgroup} (and {@code --athena-output} when the
 * workgroup has no result location) it also runs them through Athena, one at a time.
 */
public final class RegisterTablesJob {
  static final Set<String> KNOWN_ARGS =
      Set.of("lake", "database", "athena-workgroup", "athena-output", "engine");

  private RegisterTablesJob() {}

  /** The DDL for a lake on S3 ({@code s3://bucket/prefix}) and a database name. */
  public static List<String> ddl(String lake, String database) {
    if (!lake.startsWith("s3://")) {
      throw new IllegalArgumentException(
          "--lake " + lake + " is not on S3: Athena reads tables from s3://bucket/prefix");
    }
    if (!database.matches("[a-z0-9_]{1,255}")) {
      throw new IllegalArgumentException(
          "--database '" + database + "' is not a valid Glue database name: use a-z, 0-9 and _");
    }
    String root = lake.endsWith("/") ? lake.substring(0, lake.length() - 1) : lake;
    var out = new ArrayList<String>();
    out.add("CREATE DATABASE IF NOT EXISTS `" + database + "`");
    for (String table : DeltaTables.ALL) {
      if (DeltaTables.internal(table)) {
        continue; // the transform's bookkeeping and intermediate grain, not for readers
      }
      out.add(
          "CREATE EXTERNAL TABLE IF NOT EXISTS `"
              + database
              + "`.`"
              + table
              + "` LOCATION '"
              + root
              + "/"
              + DeltaTables.path(table)
              + "/' TBLPROPERTIES ('table_type' = 'DELTA')");
    }
    return out;
  }

  public static void main(String[] args) {
    try {
      JobArgs a = JobArgs.parse(args, KNOWN_ARGS, Set.of());
      String engine = a.get("engine").orElse("athena");
      if (!engine.equals("athena")) {
        throw new IllegalArgumentException(
            "--engine is athena (this job) or trino (./commitstats register --engine trino), not '"
                + engine
                + "'");
      }
      List<String> statements =
          ddl(a.required("lake", "s3://bucket/prefix"), a.get("database").orElse("commitstats"));
      statements.forEach(s -> System.out.println(s + ";"));
      if (a.get("athena-workgroup").isPresent()) {
        run(statements, a.get("athena-workgroup").get(), a.get("athena-output").orElse(null));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("commitstats register: " + e.getMessage());
      System.exit(2);
    }
  }

  static void run(List<String> statements, String workgroup, String output) {
    try (AthenaClient athena = AthenaClient.create()) {
      for (String sql : statements) {
        var request =
            StartQueryExecutionRequest.builder()
                .queryString(sql)
                .workGroup(workgroup)
                .queryExecutionContext(
                    QueryExecutionContext.builder().catalog("AwsDataCatalog").build());
        if (output != null) {
          request.resultConfiguration(ResultConfiguration.builder().outputLocation(output).build());
        }
        String id = athena.startQueryExecution(request.build()).queryExecutionId();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
          var status =
              athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution().status();
          QueryExecutionState state = status.state();
          if (state == QueryExecutionState.SUCCEEDED) {
            break;
          }
          if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
            throw new IllegalStateException(
                "Athena "
                    + state
                    + " for: "
                    + sql
                    + " ("
                    + status.stateChangeReason()
                    + "): check the workgroup, the output location and the job role's Glue"
                    + " and S3 permissions");
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Athena did not finish in 5 minutes: " + sql);
          }
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Athena", e);
          }
        }
      }
    }
  }
}
