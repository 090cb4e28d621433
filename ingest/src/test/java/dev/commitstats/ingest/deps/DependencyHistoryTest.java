package dev.commitstats.ingest.deps;

import static dev.commitstats.ingest.LakeQueries.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.ChildIngest;
import dev.commitstats.ingest.GitCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every ecosystem, a history that adds, upgrades and removes packages, ingested through the
 * real command line, with the exact events expected; and broken manifests that give no events, a
 * warning, and a successful ingest.
 */
class DependencyHistoryTest {
  @TempDir Path tmp;

  /** How one ecosystem writes a manifest declaring {@code deps} (name to version). */
  private record Ecosystem(
      String path, String ecosystem, Function<Map<String, String>, String> write, String broken) {}

  private static String lines(
      Map<String, String> deps, Function<Map.Entry<String, String>, String> f) {
    return deps.entrySet().stream().map(f).collect(Collectors.joining("\n"));
  }

  private static final List<Ecosystem> ECOSYSTEMS =
      List.of(
          new Ecosystem(
              "web/package.json",
              "npm",
              d ->
                  "{\n  \"name\": \"web\",\n  \"dependencies\": {\n"
                      + lines(d, e -> "    \"" + e.getKey() + "\": \"^" + e.getValue() + "\"")
                          .replace("\n", ",\n")
                      + "\n  }\n}\n",
              "{ \"dependencies\": { \"alpha\": "),
          new Ecosystem(
              "py/requirements.txt",
              "pypi",
              d ->
                  "# pinned\n"
                      + lines(d, e -> e.getKey().toUpperCase() + "==" + e.getValue())
                      + "\n",
              "alpha==1.0\n<<<<<<< HEAD\n"),
          new Ecosystem(
              "tool/pyproject.toml",
              "pypi",
              d ->
                  "[project]\nname = \"tool\"\ndependencies = [\n"
                      + lines(d, e -> "  \"" + e.getKey() + ">=" + e.getValue() + "\",")
                      + "\n]\n",
              "[project\ndependencies = [\n"),
          new Ecosystem(
              "svc/go.mod",
              "go",
              d ->
                  "module example.com/svc\n\ngo 1.22\n\nrequire (\n"
                      + lines(d, e -> "\texample.com/" + e.getKey() + " v" + e.getValue() + ".0")
                      + "\n)\n",
              "module example.com/svc\n\nrequire (\n\texample.com/alpha\n"),
          new Ecosystem(
              "crate/Cargo.toml",
              "cargo",
              d ->
                  "[package]\nname = \"crate\"\n\n[dependencies]\n"
                      + lines(d, e -> e.getKey() + " = { version = \"" + e.getValue() + "\" }")
                      + "\n",
              "[dependencies\nalpha = \"1.0\"\n"),
          new Ecosystem(
              "java/pom.xml",
              "maven",
              d ->
                  "<project><modelVersion>4.0.0</modelVersion><properties><v.alpha>"
                      + d.getOrDefault("alpha", "0")
                      + "</v.alpha></properties><dependencies>\n"
                      + lines(
                          d,
                          e ->
                              "<dependency><groupId>org.example</groupId><artifactId>"
                                  + e.getKey()
                                  + "</artifactId><version>"
                                  + (e.getKey().equals("alpha") ? "${v.alpha}" : e.getValue())
                                  + "</version></dependency>")
                      + "\n</dependencies></project>\n",
              "<project><dependencies><dependency>"),
          new Ecosystem(
              "app/build.gradle.kts",
              "maven",
              d ->
                  "plugins { java }\ndependencies {\n"
                      + lines(
                          d,
                          e ->
                              "    implementation(\"org.example:"
                                  + e.getKey()
                                  + ":"
                                  + e.getValue()
                                  + "\")")
                      + "\n}\n",
              null),
          new Ecosystem(
              "net/App.csproj",
              "nuget",
              d ->
                  "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup>\n"
                      + lines(
                          d,
                          e ->
                              "<PackageReference Include=\""
                                  + e.getKey()
                                  + "\" Version=\""
                                  + e.getValue()
                                  + "\" />")
                      + "\n</ItemGroup></Project>\n",
              "<Project><ItemGroup><PackageReference Include=\"alpha\""));

  private static String pkg(Ecosystem e, String name) {
    return switch (e.ecosystem()) {
      case "go" -> "example.com/" + name;
      case "maven" -> "org.example:" + name;
      default -> name;
    };
  }

  private static String version(Ecosystem e, String v) {
    return switch (e.path().substring(e.path().lastIndexOf('/') + 1)) {
      case "package.json" -> "^" + v;
      case "requirements.txt" -> "==" + v;
      case "pyproject.toml" -> ">=" + v;
      case "go.mod" -> "v" + v + ".0";
      default -> v;
    };
  }

  @Test
  void everyEcosystemAddsUpgradesAndRemoves() throws Exception {
    GitCli git = GitCli.init(tmp.resolve("repo"));
    var v1 = new LinkedHashMap<String, String>(Map.of("alpha", "1.0"));
    v1.put("beta", "2.0");
    var v2 = new LinkedHashMap<String, String>(Map.of("alpha", "1.1"));
    v2.put("gamma", "3.0");
    for (Ecosystem e : ECOSYSTEMS) {
      git.write(e.path(), e.write().apply(v1));
    }
    String add = git.commitAll("add manifests");
    for (Ecosystem e : ECOSYSTEMS) {
      git.write(e.path(), e.write().apply(v2));
    }
    String upgrade = git.commitAll("upgrade alpha, drop beta, add gamma");
    for (Ecosystem e : ECOSYSTEMS) {
      Files.delete(git.dir().resolve(e.path()));
    }
    String remove = git.commitAll("remove manifests");

    Path lake = tmp.resolve("lake");
    var run = ingest(git, lake);

    var expected = new ArrayList<List<Object>>();
    for (Ecosystem e : ECOSYSTEMS) {
      expected.add(row(add, e, "alpha", null, version(e, "1.0"), "ADDED"));
      expected.add(row(add, e, "beta", null, version(e, "2.0"), "ADDED"));
      expected.add(row(upgrade, e, "alpha", version(e, "1.0"), version(e, "1.1"), "CHANGED"));
      expected.add(row(upgrade, e, "beta", version(e, "2.0"), null, "REMOVED"));
      expected.add(row(upgrade, e, "gamma", null, version(e, "3.0"), "ADDED"));
      expected.add(row(remove, e, "alpha", version(e, "1.1"), null, "REMOVED"));
      expected.add(row(remove, e, "gamma", version(e, "3.0"), null, "REMOVED"));
    }
    var actual =
        rows(
            lake,
            "SELECT sha, manifest_path, ecosystem, package, version_before, version_after,"
                + " change_type FROM raw_dependency_changes");
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void mavenVersionsComeFromParentPomsAndAPlaceholderIsNeverAVersion() throws Exception {
    GitCli git = GitCli.init(tmp.resolve("repo"));
    git.write(
        "pom.xml",
        "<project><groupId>io.x</groupId><artifactId>parent</artifactId><version>7.1</version>"
            + "<properties><jackson.version>2.17.0</jackson.version>"
            + "<junit.version>5.10.0</junit.version></properties></project>\n");
    git.write(
        "core/pom.xml",
        "<project><parent><groupId>io.x</groupId><artifactId>parent</artifactId>"
            + "<version>7.1</version></parent><artifactId>core</artifactId>"
            + "<properties><junit.version>5.11.0</junit.version></properties><dependencies>"
            + "<dependency><groupId>com.fasterxml</groupId><artifactId>jackson</artifactId>"
            + "<version>${jackson.version}</version></dependency>"
            + "<dependency><groupId>org.junit</groupId><artifactId>junit</artifactId>"
            + "<version>${junit.version}</version></dependency>"
            + "<dependency><groupId>io.x</groupId><artifactId>api</artifactId>"
            + "<version>${project.version}</version></dependency>"
            + "<dependency><groupId>io.y</groupId><artifactId>outside</artifactId>"
            + "<version>${defined.elsewhere}</version></dependency>"
            + "</dependencies></project>\n");
    String add = git.commitAll("a module with a parent POM");
    // the parent's property moves on: the module's dependency changes version with it
    git.write(
        "pom.xml",
        "<project><groupId>io.x</groupId><artifactId>parent</artifactId><version>7.1</version>"
            + "<properties><jackson.version>2.18.1</jackson.version>"
            + "<junit.version>5.10.0</junit.version></properties></project>\n");
    git.write("core/pom.xml", Files.readString(git.dir().resolve("core/pom.xml")) + "\n");
    String bump = git.commitAll("bump jackson in the parent, touch the module");

    Path lake = tmp.resolve("lake");
    ingest(git, lake);
    var actual =
        rows(
            lake,
            "SELECT sha, package, version_before, version_after, change_type,"
                + " version_before_spec, version_after_spec FROM raw_dependency_changes"
                + " WHERE manifest_path = 'core/pom.xml'");
    assertThat(actual)
        .containsExactlyInAnyOrder(
            Arrays.asList(add, "com.fasterxml:jackson", null, "2.17.0", "ADDED", null, null),
            Arrays.asList(add, "org.junit:junit", null, "5.11.0", "ADDED", null, null),
            Arrays.asList(add, "io.x:api", null, "7.1", "ADDED", null, null),
            Arrays.asList(add, "io.y:outside", null, null, "ADDED", null, "${defined.elsewhere}"),
            Arrays.asList(
                bump, "com.fasterxml:jackson", "2.17.0", "2.18.1", "CHANGED", null, null));
  }

  @Test
  void gradleVersionCatalogsAreManifests() throws Exception {
    var catalog =
        "[versions]\nkotlin = \"2.0.0\"\nguava = { strictly = \"33.0-jre\" }\n\n[libraries]\n"
            + "kotlin-stdlib = { module = \"org.jetbrains.kotlin:kotlin-stdlib\","
            + " version.ref = \"kotlin\" }\n"
            + "guava = { group = \"com.google.guava\", name = \"guava\", version.ref = \"guava\" }\n"
            + "junit = \"org.junit.jupiter:junit-jupiter:5.11.0\"\n";
    var events =
        ManifestDiff.diff(
            "gradle/libs.versions.toml", null, catalog.getBytes(StandardCharsets.UTF_8));
    assertThat(events)
        .extracting(DependencyEvent::pkg, DependencyEvent::versionAfter)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("org.jetbrains.kotlin:kotlin-stdlib", "2.0.0"),
            org.assertj.core.groups.Tuple.tuple("com.google.guava:guava", "33.0-jre"),
            org.assertj.core.groups.Tuple.tuple("org.junit.jupiter:junit-jupiter", "5.11.0"));
    assertThat(events).allMatch(e -> e.ecosystem().equals("maven"));
  }

  /** The real command line, which must succeed: a broken manifest never fails an ingest. */
  private ChildIngest.Outcome ingest(GitCli git, Path lake) throws java.io.IOException {
    var run =
        ChildIngest.run(
            tmp.resolve("ingest.log"),
            Map.of(),
            "ingest",
            "--lake",
            lake.toString(),
            "--repo",
            git.dir().toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    return run;
  }

  private static List<Object> row(
      String sha, Ecosystem e, String name, String before, String after, String type) {
    var r = new ArrayList<Object>();
    r.add(sha);
    r.add(e.path());
    r.add(e.ecosystem());
    r.add(pkg(e, name));
    r.add(before);
    r.add(after);
    r.add(type);
    return r;
  }

  @Test
  void brokenManifestsGiveNoEventsAndAWarningNeverAFailedIngest() throws Exception {
    GitCli git = GitCli.init(tmp.resolve("repo"));
    var deps = new LinkedHashMap<String, String>(Map.of("alpha", "1.0"));
    for (Ecosystem e : ECOSYSTEMS) {
      git.write(e.path(), e.write().apply(deps));
    }
    git.commitAll("valid manifests");
    int broken = 0;
    for (Ecosystem e : ECOSYSTEMS) {
      if (e.broken() != null) {
        git.write(e.path(), e.broken());
        broken++;
      }
    }
    String bad = git.commitAll("break them");
    git.write("README.md", "still going\n");
    git.commitAll("a later commit");

    Path lake = tmp.resolve("lake");
    var run = ingest(git, lake);
    assertThat(run.output()).contains("up_to_date");
    long warnings =
        run.output()
            .lines()
            .filter(l -> l.contains("WARN") && l.contains("cannot be read") && l.contains(bad))
            .count();
    assertThat(warnings).isEqualTo(broken);
    assertThat(rows(lake, "SELECT count(*) FROM raw_dependency_changes WHERE sha = '" + bad + "'"))
        .containsExactly(List.of(0L));
    assertThat(rows(lake, "SELECT count(*) FROM raw_commits")).containsExactly(List.of(3L));
  }
}
