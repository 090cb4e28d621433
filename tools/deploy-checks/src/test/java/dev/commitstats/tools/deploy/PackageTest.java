package dev.commitstats.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./commitstats package} over the jars this build made: every artifact terraform deploys,
 * listed in the manifest with its SHA-256 and size; Lambda zips within Lambda's limit, with Linux
 * arm64 native libraries only (DuckDB's beside its jar) and the handler classes terraform names; a
 * second run rebuilds nothing. And the ingest zip runs as Lambda would run it.
 */
class PackageTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void packagesEveryArtifactOnceAndOnlyWhenChanged() throws Exception {
    Path out = Toolchain.ROOT.resolve("tools/deploy-checks/target/dist");
    long t0 = System.nanoTime();
    String first = packageInto(out);
    long firstMs = (System.nanoTime() - t0) / 1_000_000;
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    var roles = new java.util.HashMap<String, Path>();
    for (JsonNode a : manifest.path("artifacts")) {
      Path file = out.resolve(a.path("name").asText());
      assertThat(file).exists();
      assertThat(Files.size(file)).isEqualTo(a.path("size").asLong());
      assertThat(sha256(file)).isEqualTo(a.path("sha256").asText());
      roles.put(a.path("role").asText(), file);
      System.out.printf(
          "package: %-32s %,12d bytes%n", a.path("name").asText(), a.path("size").asLong());
    }
    assertThat(roles)
        .containsOnlyKeys(
            "glue-jar",
            "glue-ingest-jar",
            "glue-ingest-script",
            "sbom-ingest-glue",
            "glue-transform-script",
            "glue-register-script",
            "glue-tables",
            "ingest-lambda",
            "api-lambda",
            "sbom-glue",
            "sbom-ingest",
            "sbom-api");
    for (String[] sbom :
        List.of(
            new String[] {"sbom-ingest", "org.eclipse.jgit"},
            new String[] {"sbom-api", "javalin"},
            new String[] {"sbom-glue", "jackson-dataformat-yaml"})) {
      JsonNode bom = JSON.readTree(roles.get(sbom[0]).toFile());
      assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
      assertThat(bom.path("components").findValuesAsText("name")).as(sbom[0]).contains(sbom[1]);
    }
    // the distributed ingest's Glue jar: its job class, the ingest, DuckDB for Glue's x86-64
    // workers only, no Spark (Glue's own)
    try (var jar = new java.util.zip.ZipFile(roles.get("glue-ingest-jar").toFile())) {
      var names = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
      assertThat(names)
          .contains(
              "dev/commitstats/ingest/spark/CommitStatsIngest.class",
              "dev/commitstats/ingest/run/RepoWorker.class",
              "libduckdb_java.so_linux_amd64")
          .noneMatch(n -> n.startsWith("org/apache/spark/"))
          .noneMatch(n -> n.startsWith("libduckdb_java.so_") && !n.endsWith("linux_amd64"));
      assertThat(
              new String(
                  jar.getInputStream(
                          jar.getEntry(
                              "META-INF/services/dev.commitstats.ingest.run.DistributedIngest"))
                      .readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8))
          .contains("dev.commitstats.ingest.spark.SparkIngest");
    }
    assertThat(Files.readString(roles.get("glue-ingest-script"))).contains("CommitStatsIngest");
    assertThat(Files.readAllLines(roles.get("glue-tables")))
        .contains("user_cv_summary", "commits")
        .doesNotContain("_transform_runs");

    Map<String, String> handlers = handlersInTerraform();
    assertThat(handlers).hasSize(2);
    for (String role : List.of("ingest-lambda", "api-lambda")) {
      long unzipped = 0;
      boolean handlerFound = false;
      String handlerClass = handlers.get(role.replace("-lambda", "")).replace('.', '/') + ".class";
      try (var zip = new ZipFile(roles.get(role).toFile())) {
        List<String> entries = zip.stream().map(ZipEntry::getName).toList();
        // DuckDB's library beside its jar, the only file that is not a jar
        assertThat(entries)
            .as(role)
            .contains("lib/libduckdb_java.so_linux_arm64")
            .allMatch(n -> n.startsWith("lib/"))
            .filteredOn(n -> !n.endsWith(".jar"))
            .containsExactly("lib/libduckdb_java.so_linux_arm64");
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
          unzipped += e.getSize();
          if (!e.getName().endsWith(".jar")) {
            continue;
          }
          try (var jar = new ZipInputStream(zip.getInputStream(e))) {
            for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
              String n = inner.getName().toLowerCase(java.util.Locale.ROOT);
              handlerFound |= inner.getName().equals(handlerClass);
              assertThat(n).as(role + ": " + e.getName()).doesNotContain("libduckdb_java");
              if (n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib")) {
                assertThat(n)
                    .as(role + ": " + e.getName())
                    .containsAnyOf("linux_arm64", "linux/aarch64", "linux-aarch64");
              }
            }
          }
        }
      }
      assertThat(handlerFound).as(role + " holds " + handlerClass).isTrue();
      assertThat(unzipped).as(role + " unzipped").isLessThan(250L * 1024 * 1024);
      System.out.printf("package: %s %,d bytes unzipped%n", role, unzipped);
    }

    long t1 = System.nanoTime();
    String second = packageInto(out);
    System.out.printf(
        "package: first run %d ms, unchanged rerun %d ms%n",
        firstMs, (System.nanoTime() - t1) / 1_000_000);
    assertThat(second.lines().filter(l -> l.startsWith("package: ")).toList())
        .allMatch(l -> l.endsWith(" unchanged"));
    assertThat(JSON.readTree(out.resolve("manifest.json").toFile())).isEqualTo(manifest);
    assertThat(first).contains("Athena JDBC driver");
    assertThat(manifest.path("lambda_architecture").asText()).isEqualTo("arm64");
    assertThat(architecturesInTerraform()).containsOnly("arm64");
  }

  /**
   * The ingest zip as Lambda runs it, packaged for this machine's x86-64 (the layout is the same
   * for every architecture): its jars on the classpath and a temp folder that does not exist. It
   * ingests a repository: DuckDB loads the library beside its jar; from a jar that carries the
   * library (the driver's own), the same run fails copying it into the temp folder.
   */
  @Test
  void theIngestZipRunsWithoutCopyingDuckDbsLibrary(@TempDir Path tmp) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
        "packages for x86_64 and runs it here: needs an x86-64 machine");
    Path out = Toolchain.ROOT.resolve("tools/deploy-checks/target/dist-x86_64");
    packageInto(out, "--arch", "x86_64");
    assertThat(JSON.readTree(out.resolve("manifest.json").toFile()).path("lambda_architecture"))
        .hasToString("\"x86_64\"");
    Path task = tmp.resolve("task");
    try (var zip = new ZipFile(out.resolve("commitstats-ingest-lambda.zip").toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        Path to = task.resolve(e.getName());
        Files.createDirectories(to.getParent());
        try (var in = zip.getInputStream(e)) {
          Files.copy(in, to);
        }
      }
    }
    assertThat(task.resolve("lib/libduckdb_java.so_linux_amd64")).exists();
    Path repo = tmp.resolve("repo");
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("Main.java"), "class Main {}\n");
    for (String command :
        List.of(
            "git init -q -b main",
            "git add Main.java",
            "git -c user.name=A -c user.email=a@example.com commit -q -m first")) {
      Toolchain.run(List.of("bash", "-c", command), Map.of(), repo, 60);
    }
    String ran = ingestFrom(task.resolve("lib"), tmp.resolve("lake"), repo);
    assertThat(ran).contains("1 repositories, 1 new commits, 0 failed");
    assertThat(tmp.resolve("lake/raw")).isDirectory();

    // the control: the driver's jar, which carries the library, in place of the slim one
    Path driver =
        java.util.Arrays.stream(
                Files.readString(Toolchain.ROOT.resolve("ingest/target/runtime-classpath.txt"))
                    .trim()
                    .split(":"))
            .map(Path::of)
            .filter(p -> p.getFileName().toString().startsWith("duckdb_jdbc-"))
            .findFirst()
            .orElseThrow();
    Path old = tmp.resolve("old-lib");
    Files.createDirectories(old);
    try (var jars = Files.list(task.resolve("lib"))) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
        Files.copy(jar, old.resolve(jar.getFileName()));
      }
    }
    Files.copy(driver, old.resolve(driver.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> ingestFrom(old, tmp.resolve("lake-old"), repo))
        .hasMessageContaining("failed (")
        .hasMessageContaining("could not load its native library")
        .hasMessageContaining("NoSuchFileException")
        .hasMessageContaining("make that folder exist");
  }

  /** {@code ingest} from the jars in {@code lib}, with a temp folder that does not exist. */
  private static String ingestFrom(Path lib, Path lake, Path repo) throws Exception {
    Files.createDirectories(lake);
    return Toolchain.run(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-Djava.io.tmpdir=" + lake.resolveSibling("no-such-folder-" + lake.getFileName()),
            "-cp",
            lib + "/*",
            "dev.commitstats.ingest.cli.Main",
            "ingest",
            "--lake",
            lake.toString(),
            "--repo",
            repo.toString(),
            "--progress",
            "never"),
        Map.of(),
        lake.getParent(),
        300);
  }

  /** The {@code architectures} of the Lambda functions terraform defines. */
  static List<String> architecturesInTerraform() throws IOException {
    var out = new java.util.ArrayList<String>();
    var p = Pattern.compile("architectures\\s*=\\s*\\[\\s*\"([a-z0-9_]+)\"\\s*\\]");
    try (var files = Files.walk(Toolchain.TERRAFORM.resolve("modules"))) {
      for (Path tf : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
        var m = p.matcher(Files.readString(tf));
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }

  /** The handler classes of the Lambda functions terraform defines, by module name. */
  static Map<String, String> handlersInTerraform() throws IOException {
    var out = new java.util.HashMap<String, String>();
    var p = Pattern.compile("handler\\s*=\\s*\"([a-zA-Z0-9_.]+)::handleRequest\"");
    for (String module : List.of("ingest", "api")) {
      var m =
          p.matcher(
              Files.readString(
                  Toolchain.TERRAFORM.resolve("modules").resolve(module).resolve("main.tf")));
      if (m.find()) {
        out.put(module, m.group(1));
      }
    }
    return out;
  }

  static String packageInto(Path out, String... options) throws Exception {
    var command =
        new java.util.ArrayList<>(
            List.of(
                "bash",
                "-c",
                "./commitstats package --out \"$@\" 2>&1",
                "package",
                out.toString()));
    command.addAll(List.of(options));
    return Toolchain.run(command, Map.of("COMMITSTATS_NO_BUILD", "1"), Toolchain.ROOT, 600);
  }

  static String sha256(Path file) throws Exception {
    var md = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
