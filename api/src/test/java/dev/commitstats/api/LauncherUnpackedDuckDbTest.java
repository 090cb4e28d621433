package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher starts DuckDB from its jar's classes and native library unpacked once (not copied
 * into the temp folder at every start): {@code ./commitstats sql} on the packaged jars answers as
 * with the jar as it is, the driver's classes come from the unpacked folder, which holds the
 * library beside them and none among them, and a folder that lost its library is unpacked again.
 */
class LauncherUnpackedDuckDbTest {
  static final String QUERY =
      "SELECT count(*) AS commits, count(DISTINCT repo_id) AS repos FROM raw_commits";

  @TempDir Path dir;

  /** The query's CSV, after checking that the command succeeded. */
  String sql(Path cache, boolean unpacked, Path classLog) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("COMMITSTATS_DUCKDB_DIR", cache.toString());
    env.put("COMMITSTATS_DUCKDB_UNPACKED", unpacked ? "1" : "0");
    env.put("COMMITSTATS_TMP", Files.createDirectories(dir.resolve("tmp")).toString());
    env.put("COMMITSTATS_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
    Launcher.Outcome o =
        Launcher.run(
            Duration.ofMinutes(3),
            env,
            "sql",
            "--lake",
            LakeFixture.get().lake.toString(),
            "--format",
            "csv",
            QUERY);
    assertThat(o.status()).as(o.output()).isZero();
    return o.stdout();
  }

  /** Where the driver's native loader came from, as the JVM's class log says. */
  static String nativeLoaderSource(Path classLog) throws Exception {
    try (Stream<String> lines = Files.lines(classLog)) {
      return lines
          .filter(l -> l.contains(" org.duckdb.DuckDBNative "))
          .findFirst()
          .orElseThrow(() -> new AssertionError("DuckDB's native loader not in " + classLog));
    }
  }

  static List<String> names(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void answersFromTheUnpackedLibraryAsFromTheJar() throws Exception {
    String os = System.getProperty("os.name").toLowerCase();
    String arch = System.getProperty("os.arch");
    Assumptions.assumeTrue(
        os.contains("linux") && List.of("amd64", "x86_64", "aarch64").contains(arch),
        "the launcher unpacks DuckDB on Linux x86-64 and arm64 only");
    Path cache = dir.resolve("duckdb");

    String asJar = sql(cache, false, dir.resolve("jar.log"));
    assertThat(nativeLoaderSource(dir.resolve("jar.log")))
        .contains("duckdb_jdbc-")
        .contains(".jar");
    assertThat(cache).doesNotExist();
    assertThat(asJar.lines().toList()).containsExactly("commits,repos", "7,3");

    String first = sql(cache, true, dir.resolve("first.log"));
    assertThat(first).isEqualTo(asJar);
    List<String> unpacked = names(cache);
    assertThat(unpacked).hasSize(1);
    Path folder = cache.resolve(unpacked.get(0));
    assertThat(unpacked.get(0))
        .startsWith("duckdb_jdbc-")
        .endsWith("-linux_" + (arch.equals("aarch64") ? "arm64" : "amd64"));
    assertThat(nativeLoaderSource(dir.resolve("first.log")))
        .contains(folder.resolve("classes").toString());
    assertThat(folder.resolve("lib/libduckdb_java.so")).isRegularFile();
    assertThat(Files.size(folder.resolve("lib/libduckdb_java.so"))).isGreaterThan(10_000_000);
    assertThat(names(folder.resolve("classes")))
        .contains("org")
        .noneMatch(n -> n.startsWith("libduckdb_java"));

    // the next start maps the same files; a folder that lost its library is unpacked again
    String second = sql(cache, true, dir.resolve("second.log"));
    assertThat(second).isEqualTo(asJar);
    Files.delete(folder.resolve("lib/libduckdb_java.so"));
    String third = sql(cache, true, dir.resolve("third.log"));
    assertThat(third).isEqualTo(asJar);
    assertThat(folder.resolve("lib/libduckdb_java.so")).isRegularFile();
    assertThat(names(cache)).hasSize(1);
  }
}
