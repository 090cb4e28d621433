package dev.commitstats.ingest.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.TokenGitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/spark-ingest.sh runs this (not part of the test run). Generated repositories of mixed sizes
 * (a few large, many small) served over smart HTTP with a token: a first collection by one ingest
 * process, by {@code local[1]} and by {@code local[2]} (and {@code local[2]} with the large ones
 * split in ranges), each into a fresh lake and clone cache; the driver's planning time and Spark's
 * scheduling overhead per task from its event log; and a run with nothing new over many small
 * repositories in one process (ls-remote each). Each figure min/median/max of the repeats.
 */
@EnabledIfSystemProperty(named = "commitstats.bench", matches = "spark-ingest")
class SparkIngestBench {
  static final String TOKEN = "bench-token-s7p2";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  record Run(double seconds, String output, Path events) {}

  @Test
  void distributedAgainstOneProcess() throws Exception {
    int repeats = Integer.getInteger("commitstats.bench.repeats", 3);
    int noopRepos = Integer.getInteger("commitstats.bench.noop-repos", 500);
    Path served = Files.createDirectories(tmp.resolve("served"));
    var urls = new ArrayList<String>();
    var names = new ArrayList<String>();
    long commits = 0;
    // 200 repositories: 4 of 4,000 commits, 16 of 600, 180 of 20-120
    for (int i = 0; i < 200; i++) {
      int n = i < 4 ? 4_000 : i < 20 ? 600 : 20 + (i * 37) % 101;
      FastImport.generate(served.resolve("r" + i + ".git"), n, i);
      names.add("r" + i + ".git");
      commits += n;
    }
    var noop = new ArrayList<String>();
    for (int i = 0; i < noopRepos; i++) {
      FastImport.generate(served.resolve("q" + i + ".git"), 3, 1_000 + i);
      noop.add("q" + i + ".git");
    }
    try (var git = new TokenGitServer(served, TOKEN, "x")) {
      names.forEach(n -> urls.add(git.url(n)));
      System.out.printf(
          Locale.ROOT, "spark-ingest: %d repositories, %d commits%n", urls.size(), commits);
      for (String[] variant :
          List.of(
              new String[] {"one process"},
              new String[] {"local[1]", "--spark-master", "local[1]"},
              new String[] {"local[2]", "--spark-master", "local[2]"},
              new String[] {
                "local[2] split 1000", "--spark-master", "local[2]", "--split-commits", "1000"
              })) {
        double[] secs = new double[repeats];
        var plans = new ArrayList<Double>();
        var overheads = new ArrayList<Double>();
        for (int r = 0; r < repeats; r++) {
          var run = ingest(urls, Arrays.copyOfRange(variant, 1, variant.length));
          secs[r] = run.seconds();
          var m = Pattern.compile("planned in (\\d+) ms").matcher(run.output());
          if (m.find()) {
            plans.add(Double.parseDouble(m.group(1)));
          }
          overheads.addAll(taskOverheads(run.events()));
        }
        Arrays.sort(secs);
        System.out.printf(
            Locale.ROOT,
            "spark-ingest: %-20s wall s min %.1f median %.1f max %.1f | %.0f commits/s, %.1f"
                + " repositories/s (median)%s%s%n",
            variant[0],
            secs[0],
            secs[repeats / 2],
            secs[repeats - 1],
            commits / secs[repeats / 2],
            urls.size() / secs[repeats / 2],
            plans.isEmpty() ? "" : String.format(Locale.ROOT, " | planning %s ms", stats(plans)),
            overheads.isEmpty()
                ? ""
                : String.format(
                    Locale.ROOT,
                    " | per-task overhead %s ms over %d tasks",
                    stats(overheads),
                    overheads.size()));
      }
      // nothing new: every repository asked with ls-remote, none opened
      var noopUrls = noop.stream().map(git::url).toList();
      Path lake = tmp.resolve("noop-lake");
      ingestInto(lake, tmp.resolve("noop-cache"), noopUrls);
      double[] quiet = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        quiet[r] = ingestInto(lake, tmp.resolve("noop-cache"), noopUrls).seconds();
      }
      Arrays.sort(quiet);
      System.out.printf(
          Locale.ROOT,
          "spark-ingest: no-op run over %d repositories, one process: wall s min %.1f median %.1f"
              + " max %.1f (target < 30 s)%n",
          noopUrls.size(),
          quiet[0],
          quiet[repeats / 2],
          quiet[repeats - 1]);
    }
  }

  private Run ingest(List<String> urls, String... extra) throws Exception {
    Path lake = Files.createTempDirectory(tmp, "lake");
    Path cache = Files.createTempDirectory(tmp, "cache");
    return ingestInto(lake, cache, urls, extra);
  }

  private Run ingestInto(Path lake, Path cache, List<String> urls, String... extra)
      throws Exception {
    Path log = Files.createTempFile(tmp, "ingest", ".log");
    Path events = Files.createTempDirectory(tmp, "events");
    var cmd = new ArrayList<>(SparkChild.ingest(events, "-Xmx2g", "-XX:+UseParallelGC"));
    cmd.addAll(
        List.of(
            "--lake",
            lake.toString(),
            "--token-env",
            "BENCH_TOKEN",
            "--progress",
            "never",
            "--cache-dir",
            cache.toString()));
    cmd.addAll(List.of(extra));
    for (String u : urls) {
      cmd.add("--repo");
      cmd.add(u);
    }
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("BENCH_TOKEN", TOKEN);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("ingest failed: " + Files.readString(log));
    }
    double s = (System.nanoTime() - t0) / 1e9;
    return new Run(s, Files.readString(log, StandardCharsets.UTF_8), events);
  }

  /** Per task: its time from launch to finish minus the time it ran on the executor. */
  private static List<Double> taskOverheads(Path events) throws IOException {
    var out = new ArrayList<Double>();
    try (Stream<Path> files = Files.walk(events)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.contains("\"SparkListenerTaskEnd\"")) {
            continue;
          }
          JsonNode e = JSON.readTree(line);
          JsonNode info = e.path("Task Info");
          long wall = info.path("Finish Time").asLong() - info.path("Launch Time").asLong();
          long run = e.path("Task Metrics").path("Executor Run Time").asLong();
          out.add((double) (wall - run));
        }
      }
    }
    return out;
  }

  private static String stats(List<Double> values) {
    var v = values.stream().sorted().toList();
    return String.format(
        Locale.ROOT,
        "min %.0f median %.0f max %.0f",
        v.get(0),
        v.get(v.size() / 2),
        v.get(v.size() - 1));
  }
}
