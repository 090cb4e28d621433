package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.lake.FaultProxy;
import dev.commitstats.lake.S3TestServer;
import dev.commitstats.model.DeltaTables;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transform over a lake on S3 (s3a, as Spark's hadoop-cloud module brings it; S3Proxy in this
 * JVM) behind our fault-injecting proxy: a seeded share of the requests answered 503 SlowDown or
 * 500, cut mid-upload or mid-answer, or stalled past the socket timeout. The first ingest batch's
 * full run goes through such faults; the second batch's refresh has the store fail every request
 * from a point in the middle of the run on, which must end in one clear line with every table still
 * readable, and the next run resumes it. At the end the tables equal, row for row, those of the
 * same batches transformed in a local folder. {@code -Dfaults=slowDown,serverError,cutUpload,
 * cutResponse,stall,stallMillis} sets other rates.
 */
class TransformS3FaultTest {
  /** 3% SlowDown, 2% 500, 1% cut uploads, 1% cut answers, 0.5% stalls of 3 s. */
  static final FaultProxy.Rates RATES =
      rates(System.getProperty("faults", "0.03,0.02,0.01,0.01,0.005,3000"));

  /** Every request answered 500: the store down. */
  static final FaultProxy.Rates DOWN = new FaultProxy.Rates(0, 1, 0, 0, 0, 0);

  static SparkSession spark;
  static S3TestServer s3;
  static FaultProxy proxy;

  @TempDir Path tmp;

  static FaultProxy.Rates rates(String s) {
    String[] p = s.split(",");
    return new FaultProxy.Rates(
        Double.parseDouble(p[0]),
        Double.parseDouble(p[1]),
        Double.parseDouble(p[2]),
        Double.parseDouble(p[3]),
        Double.parseDouble(p[4]),
        Long.parseLong(p[5]));
  }

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer("faulty");
    proxy = new FaultProxy(s3.endpoint(), FaultProxy.Rates.NONE, 23);
    spark = TestSpark.session();
    Configuration c = spark.sparkContext().hadoopConfiguration();
    String b = "fs.s3a.bucket.faulty.";
    c.set(b + "endpoint", proxy.endpoint());
    c.set(b + "endpoint.region", "us-east-1");
    c.set(b + "path.style.access", "true");
    c.set(b + "connection.ssl.enabled", "false");
    c.set(b + "access.key", S3TestServer.KEY);
    c.set(b + "secret.key", S3TestServer.SECRET);
    c.set(b + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    // a stalled request is given up after 1.5 s and retried, quickly (the defaults wait longer)
    c.set(b + "connection.timeout", "1500");
    c.set(b + "connection.establish.timeout", "1500");
    c.set(b + "attempts.maximum", "10");
    c.set(b + "retry.limit", "10");
    c.set(b + "retry.interval", "50ms");
    c.set(b + "retry.throttle.limit", "10");
    c.set(b + "retry.throttle.interval", "50ms");
    // no directory markers deleted after each write (a bulk delete and probes per file)
    c.set(b + "directory.marker.retention", "keep");
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    s3.close();
  }

  static TransformJob.Result transform(String lake) {
    return TransformJob.run(spark, new TransformJob.Settings(lake, Scenario.CONFIG, false));
  }

  /** Copies the raw files of {@code local} that the S3 lake does not have yet (faults off). */
  static void upload(Path local, String lake) throws Exception {
    proxy.rates(FaultProxy.Rates.NONE);
    FileSystem fs = FileSystem.get(URI.create(lake), spark.sparkContext().hadoopConfiguration());
    try (var files = Files.walk(local.resolve("raw"))) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        var target = new org.apache.hadoop.fs.Path(lake + "/" + local.relativize(f));
        if (!fs.exists(target)) {
          fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(f.toUri()), target);
        }
      }
    }
  }

  /** Runs until one completes through the faults; a failed run must fail cleanly. */
  static void transformThroughFaults(String lake, List<String> notes) {
    for (int attempt = 1; ; attempt++) {
      proxy.rates(RATES);
      try {
        notes.add("attempt " + attempt + ": " + transform(lake));
        return;
      } catch (Exception e) { // Spark's own exceptions are checked ones thrown unchecked
        String line = TransformJob.failure(e, lake);
        notes.add("attempt " + attempt + " failed: " + line);
        assertThat(line).doesNotContain("\n");
        assertThat(attempt).as("runs through the faults: %s", notes).isLessThan(3);
        readable(lake);
      }
    }
  }

  /**
   * A run during which the store goes down (every request 500 from the 300th of the run on): it
   * fails with the object store's line, and every table is readable afterwards.
   */
  static void transformWhileTheStoreGoesDown(String lake, List<String> notes) {
    proxy.rates(RATES, 300, DOWN);
    try {
      TransformJob.Result r = transform(lake);
      throw new AssertionError("the run completed although the store went down: " + r);
    } catch (Exception e) { // Spark's own exceptions are checked ones thrown unchecked
      String line = TransformJob.failure(e, lake);
      notes.add("store down from the run's 300th request: " + line);
      assertThat(line)
          .doesNotContain("\n")
          .startsWith("the run stopped: the lake " + lake + " could not be read or written");
    }
    readable(lake);
  }

  /** Every table that has a log can be read (a first run that failed may not have made all). */
  static void readable(String lake) {
    proxy.rates(FaultProxy.Rates.NONE);
    try {
      FileSystem fs = FileSystem.get(URI.create(lake), spark.sparkContext().hadoopConfiguration());
      for (String t : DeltaTables.ALL) {
        String table = lake + "/delta/" + t;
        if (fs.exists(new org.apache.hadoop.fs.Path(table + "/_delta_log"))) {
          spark.read().format("delta").load(table).count();
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theTransformOnS3RunsThroughFailedRequestsToTheTablesOfALocalLake() throws Exception {
    Path src = tmp.resolve("src");
    Path local = tmp.resolve("local");
    String lake = "s3a://faulty/lake";
    var notes = new ArrayList<String>();
    for (int batch = 1; batch <= 2; batch++) {
      Scenario.batch(spark, src, batch);
      Scenario.batch(spark, local, batch);
      upload(src, lake);
      if (batch == 2) {
        transformWhileTheStoreGoesDown(lake, notes);
      }
      transformThroughFaults(lake, notes);
      transform(local.toString());
    }
    proxy.rates(FaultProxy.Rates.NONE);
    notes.forEach(System.out::println);
    System.out.println("fault proxy: " + proxy.summary());
    assertThat(proxy.injected() - proxy.count(FaultProxy.Fault.SERVER_ERROR))
        .as("faults injected besides the store's outage")
        .isGreaterThanOrEqualTo(RATES.total() > 0 ? 20 : 0);
    for (String table : Scenario.TABLES) {
      Dataset<Row> x = spark.read().format("delta").load(lake + "/delta/" + table);
      Dataset<Row> y =
          spark.read().format("delta").load(local.resolve("delta").resolve(table).toString());
      Dataset<Row> ys = y.selectExpr(x.columns());
      assertThat(x.exceptAll(ys).union(ys.exceptAll(x)).collectAsList())
          .as("rows of %s that differ between the S3 lake and the local one", table)
          .isEmpty();
    }
  }
}
