package dev.commitstats.ingest.aws;

import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.FastImport;
import dev.commitstats.ingest.TokenGitServer;
import dev.commitstats.lake.Lake;
import dev.commitstats.lake.S3Lake;
import dev.commitstats.lake.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cold start costs the Lambda ingest (bench/lambda-ingest.sh runs it; not part of the test
 * run): a real repository (-Dcommitstats.bench.repo, a bare clone) served over smart HTTP with a
 * token, cloned from the host as a cache-less ingest would at every cold start, against restored
 * from the S3 clone cache (S3Proxy) and fetched; and a quiet scheduled run over many small
 * repositories (ls-remote each, nothing opened), in a process of its own as Lambda runs it, with
 * the function's JAVA_TOOL_OPTIONS and the other tiered-compilation choice in turn.
 */
@EnabledIfSystemProperty(named = "commitstats.bench", matches = "lambda-ingest")
class LambdaIngestBench {
  static final String TOKEN = "bench-token-k3v9";
  @TempDir Path tmp;

  @Test
  void coldStartCosts() throws Exception {
    Path source = Path.of(System.getProperty("commitstats.bench.repo"));
    int small = Integer.getInteger("commitstats.bench.repos", 200);
    int repeats = Integer.getInteger("commitstats.bench.repeats", 3);
    Path served = Files.createDirectories(tmp.resolve("served"));
    Files.createSymbolicLink(served.resolve("big.git"), source.toAbsolutePath());
    for (int i = 0; i < small; i++) {
      FastImport.generate(served.resolve("small-" + i), 5, i);
    }
    try (var s3 = new S3TestServer("lake");
        var git = new TokenGitServer(served, TOKEN, "x");
        Lake cache = S3Lake.fromEnvironment("s3://lake/cache/clones", s3.environment()::get)) {
      var creds = new UsernamePasswordCredentialsProvider("x-access-token", TOKEN);
      double[] clone = new double[repeats];
      double[] restore = new double[repeats];
      long bytes = 0;
      for (int r = 0; r < repeats; r++) {
        Path a = tmp.resolve("clone-" + r + ".git");
        long t0 = System.nanoTime();
        try (var g =
            Git.cloneRepository()
                .setURI(git.url("big.git"))
                .setBare(true)
                .setDirectory(a.toFile())
                .setCredentialsProvider(creds)
                .call()) {
          clone[r] = (System.nanoTime() - t0) / 1e6;
        }
        if (r == 0) {
          bytes = FolderSync.upload(a, cache, "big.git").bytes();
        }
        Path b = tmp.resolve("restored-" + r + ".git");
        long t1 = System.nanoTime();
        FolderSync.download(cache, "big.git", b, false);
        try (var g = Git.open(b.toFile())) {
          g.fetch()
              .setRemote(git.url("big.git"))
              .setRefSpecs("+refs/heads/*:refs/heads/*")
              .setCredentialsProvider(creds)
              .call();
        }
        restore[r] = (System.nanoTime() - t1) / 1e6;
      }
      print("clone from the host", clone);
      print("restore from S3 + fetch", restore);
      System.out.printf(
          Locale.ROOT,
          "lambda-ingest: clone cache of %s: %,d bytes; restore/clone median ratio %.2f%n",
          source,
          bytes,
          median(restore) / median(clone));

      // a quiet scheduled run: many repositories, none moved
      var config = new StringBuilder("sources:\n");
      for (int i = 0; i < small; i++) {
        config
            .append("  - provider: git\n    url: ")
            .append(git.url("small-" + i))
            .append("\n    token_env: BENCH_TOKEN\n    visibility: private\n");
      }
      try (Lake lake = S3Lake.fromEnvironment("s3://lake", s3.environment()::get)) {
        lake.write("config/commitstats.yaml", config.toString().getBytes());
      }
      // the first collection (r = -1, with the function's own options), then the quiet runs,
      // each JVM variant in turn
      List<String> variants = jvmVariants();
      double[][] quiet = new double[variants.size()][repeats];
      for (int r = -1; r < repeats; r++) {
        for (int v = 0; v < (r < 0 ? 1 : variants.size()); v++) {
          Map<String, String> env = new HashMap<>(s3.environment());
          env.put("COMMITSTATS_LAKE", "s3://lake");
          env.put("COMMITSTATS_CONFIG", "s3://lake/config/commitstats.yaml");
          env.put("COMMITSTATS_CLONE_CACHE_URL", "s3://lake/cache/clones");
          env.put("COMMITSTATS_WORK_DIR", tmp.resolve("lambda-" + r + "-" + v).toString());
          env.put("COMMITSTATS_INGEST_THREADS", "16");
          env.put("JAVA_TOOL_OPTIONS", variants.get(v));
          env.put("BENCH_TOKEN", TOKEN);
          Path log = tmp.resolve("quiet-" + r + "-" + v + ".log");
          long t0 = System.nanoTime();
          var outcome =
              ChildIngest.finish(
                  log,
                  ChildIngest.startMain(
                      log,
                      env,
                      LambdaInvoke.class.getName(),
                      "dev.commitstats.ingest.aws.IngestHandler::handleRequest",
                      "{}"));
          double ms = (System.nanoTime() - t0) / 1e6;
          if (outcome.exitCode() != 0) {
            throw new IllegalStateException(outcome.output());
          }
          if (r >= 0) {
            quiet[v][r] = ms;
          } else {
            System.out.printf(
                Locale.ROOT, "lambda-ingest: first run over %d repositories %.0f ms%n", small, ms);
          }
        }
      }
      for (int v = 0; v < variants.size(); v++) {
        print(
            "quiet run over "
                + small
                + " repositories (new process, cold /tmp), JAVA_TOOL_OPTIONS \""
                + variants.get(v)
                + "\"",
            quiet[v]);
        System.out.printf(
            Locale.ROOT,
            "lambda-ingest: quiet run per repository %.1f ms (median, JVM start included),"
                + " %.2fx the function's own options%n",
            median(quiet[v]) / small,
            median(quiet[v]) / median(quiet[0]));
      }
    }
  }

  /**
   * The JVM options the quiet runs are measured with: the ingest function's own JAVA_TOOL_OPTIONS
   * as terraform/modules/ingest/main.tf sets them, then the same with the other tiered-compilation
   * choice (level 1 only, which Lambda's Java 17 runtime documents as its default, or the JVM's
   * full tiers); -Dcommitstats.bench.jvm="OPTS;OPTS..." measures others.
   */
  static List<String> jvmVariants() throws java.io.IOException {
    String given = System.getProperty("commitstats.bench.jvm", "");
    if (!given.isBlank()) {
      return Arrays.stream(given.split(";")).map(String::strip).toList();
    }
    Path tf = Path.of("..", "terraform", "modules", "ingest", "main.tf");
    Matcher m =
        Pattern.compile("JAVA_TOOL_OPTIONS\\s*=\\s*\"([^\"]*)\"").matcher(Files.readString(tf));
    if (!m.find()) {
      throw new IllegalStateException("no JAVA_TOOL_OPTIONS in " + tf.toAbsolutePath());
    }
    String own = m.group(1).strip();
    String c1 = "-XX:TieredStopAtLevel=1";
    String other =
        own.contains(c1)
            ? own.replace(c1, "").replaceAll("\\s+", " ").strip()
            : (own + " " + c1).strip();
    return List.of(own, other);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static void print(String what, double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT,
        "lambda-ingest: %s: min %.0f ms, median %.0f ms, max %.0f ms (%d runs)%n",
        what,
        s[0],
        s[s.length / 2],
        s[s.length - 1],
        s.length);
  }
}
