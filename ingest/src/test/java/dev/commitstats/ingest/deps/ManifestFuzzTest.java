package dev.commitstats.ingest.deps;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The manifest parsers read what strangers write: fuzzed with random text and with random edits of
 * real-looking manifests of every kind, no exception may escape but the documented {@link
 * MalformedManifestException}, and no input may take longer than a bound. (jqwik shrinks a failing
 * input to a small one; each found crasher stays below as an {@code @Example}.)
 */
class ManifestFuzzTest {
  static final Duration BOUND = Duration.ofSeconds(2);

  /** One seed manifest per kind, at its path. */
  static final List<List<String>> SEEDS =
      List.of(
          List.of(
              "package.json",
              "{\"name\": \"app\", \"dependencies\": {\"left-pad\": \"^1.3.0\"},"
                  + " \"devDependencies\": {\"jest\": \"29\"}}"),
          List.of(
              "requirements.txt", "requests>=2.31\nflask[async]==3.0.0 ; python_version>'3.8'\n"),
          List.of(
              "pyproject.toml",
              "[project]\nname = \"x\"\ndependencies = [\"pydantic>=2\", \"httpx\"]\n"
                  + "[tool.poetry.dependencies]\npython = \"^3.11\"\nrich = \"13.7\"\n"),
          List.of("go.mod", "module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/b v1.2.3\n)\n"),
          List.of(
              "Cargo.toml",
              "[package]\nname = \"x\"\n[dependencies]\nserde = { version = \"1\", features ="
                  + " [\"derive\"] }\ntokio = \"1.36\"\n"),
          List.of(
              "pom.xml",
              "<project><properties><v>1.2</v></properties><dependencies><dependency>"
                  + "<groupId>g</groupId><artifactId>a</artifactId><version>${v}</version>"
                  + "</dependency></dependencies></project>"),
          List.of(
              "build.gradle.kts",
              "dependencies {\n  implementation(\"io.javalin:javalin:6.1.3\")\n"
                  + "  testImplementation(libs.junit)\n}\n"),
          List.of(
              "gradle/libs.versions.toml",
              "[versions]\njunit = \"5.10\"\n[libraries]\njunit = { module ="
                  + " \"org.junit.jupiter:junit-jupiter\", version.ref = \"junit\" }\n"),
          List.of(
              "App.csproj",
              "<Project><ItemGroup><PackageReference Include=\"Newtonsoft.Json\""
                  + " Version=\"13.0.3\" /></ItemGroup></Project>"));

  /** Characters that matter to the formats' syntax, and a few that break encodings. */
  static final String SYNTAX = "{}[]<>()\"'=:,;\n\t #$@!\\/.-_~^*&?%\u0000\uFFFD\u00e9\u2028";

  @Provide
  Arbitrary<List<String>> mutated() {
    Arbitrary<List<String>> seed = Arbitraries.of(SEEDS);
    Arbitrary<List<int[]>> edits =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, SYNTAX.length() - 1))
            .as((op, at, len, c) -> new int[] {op, at, len, c})
            .list()
            .ofMinSize(1)
            .ofMaxSize(12);
    return Combinators.combine(seed, edits).as((s, e) -> List.of(s.get(0), mutate(s.get(1), e)));
  }

  static String mutate(String text, List<int[]> edits) {
    var sb = new StringBuilder(text);
    for (int[] e : edits) {
      int at = sb.length() == 0 ? 0 : e[1] % (sb.length() + 1);
      int end = Math.min(sb.length(), at + e[2]);
      switch (e[0]) {
        case 0 -> sb.insert(at, SYNTAX.charAt(e[3]));
        case 1 -> sb.delete(at, end);
        case 2 -> sb.insert(at, sb.substring(at, end)); // a repeated run
        default -> sb.insert(at, String.valueOf(SYNTAX.charAt(e[3])).repeat(e[2]));
      }
    }
    return sb.toString();
  }

  @Provide
  Arbitrary<List<String>> random() {
    return Combinators.combine(
            Arbitraries.of(SEEDS).map(s -> s.get(0)), Arbitraries.strings().all().ofMaxLength(3000))
        .as(List::of);
  }

  static void parses(String path, byte[] before, byte[] after) {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            ManifestDiff.diff(path, before, after);
          } catch (MalformedManifestException expected) {
            // documented: a manifest that does not parse is reported, never thrown further
          } catch (RuntimeException | StackOverflowError e) {
            fail(
                path
                    + " threw "
                    + e
                    + " for:\n"
                    + (after == null ? "" : new String(after, StandardCharsets.UTF_8)),
                e);
          }
        },
        () -> path + " took longer than " + BOUND);
  }

  @Property(tries = 1500)
  void editedManifestsParseOrAreMalformed(@ForAll("mutated") List<String> manifest) {
    byte[] seed = seedOf(manifest.get(0)).getBytes(StandardCharsets.UTF_8);
    byte[] edited = manifest.get(1).getBytes(StandardCharsets.UTF_8);
    parses(manifest.get(0), seed, edited);
    parses(manifest.get(0), edited, null);
  }

  @Property(tries = 800)
  void randomTextParsesOrIsMalformed(@ForAll("random") List<String> manifest) {
    parses(manifest.get(0), null, manifest.get(1).getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  void randomBytesParseOrAreMalformed(@ForAll("paths") String path, @ForAll byte[] bytes) {
    parses(path, null, bytes);
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of(SEEDS).map(s -> s.get(0));
  }

  static String seedOf(String path) {
    return SEEDS.stream().filter(s -> s.get(0).equals(path)).findFirst().orElseThrow().get(1);
  }

  /** Deep nesting: a recursive parser must not overflow the stack on it. */
  @Example
  void deeplyNestedInputIsBounded() {
    parses("package.json", null, "[".repeat(200_000).getBytes(StandardCharsets.UTF_8));
    parses("pom.xml", null, "<a>".repeat(100_000).getBytes(StandardCharsets.UTF_8));
    parses("Cargo.toml", null, ("x = " + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
  }
}
