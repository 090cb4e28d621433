package dev.commitstats.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./commitstats package} over the jars this build made: every artifact terraform deploys,
 * listed in the manifest with its SHA-256 and size; Lambda zips within Lambda's limit, with Linux
 * arm64 native libraries only and the handler classes terraform names; a second run rebuilds
 * nothing.
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
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
          assertThat(e.getName()).as(role).startsWith("lib/").endsWith(".jar");
          unzipped += e.getSize();
          try (var jar = new ZipInputStream(zip.getInputStream(e))) {
            for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
              String n = inner.getName().toLowerCase(java.util.Locale.ROOT);
              handlerFound |= inner.getName().equals(handlerClass);
              if (n.endsWith(".so")
                  || n.endsWith(".dll")
                  || n.endsWith(".dylib")
                  || n.contains("libduckdb_java.so_")) {
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

  static String packageInto(Path out) throws Exception {
    return Toolchain.run(
        List.of("bash", "-c", "./commitstats package --out \"$1\" 2>&1", "package", out.toString()),
        Map.of("COMMITSTATS_NO_BUILD", "1"),
        Toolchain.ROOT,
        600);
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
