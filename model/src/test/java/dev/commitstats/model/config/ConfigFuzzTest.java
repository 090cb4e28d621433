package dev.commitstats.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The config reader, fuzzed with random edits of a real config and with random text: every mistake
 * is a {@link ConfigException} with a message that names where (never Jackson's or SnakeYAML's
 * exception escaping), within a time bound.
 */
class ConfigFuzzTest {
  static final String SEED =
      """
      users:
        - id: espen
          name: Espen Albert
          emails: [espen@example.com, old@corp.example]
          github: EspenAlbert
          aliases: ["Espen <espen@example.com>"]
      sources:
        - provider: github
          token_env: GITHUB_TOKEN
          owners: {EspenAlbert: all}
        - provider: git
          url: ../some/local/repo
      transform:
        bulk_commit_lines: 5000
        count_bulk_lines: false
      """;

  static final String SYNTAX = ":-[]{}\"',#&*!|>%@`\n  \t\u0000\u00e9";

  @Provide
  Arbitrary<String> edited() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, SEED.length()),
            Arbitraries.integers().between(0, 30),
            Arbitraries.integers().between(0, SYNTAX.length() - 1))
        .as((op, at, len, c) -> new int[] {op, at, len, c})
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .map(ConfigFuzzTest::mutate);
  }

  static String mutate(List<int[]> edits) {
    var sb = new StringBuilder(SEED);
    for (int[] e : edits) {
      int at = e[1] % (sb.length() + 1);
      int end = Math.min(sb.length(), at + e[2]);
      switch (e[0]) {
        case 0 -> sb.insert(at, SYNTAX.charAt(e[3]));
        case 1 -> sb.delete(at, end);
        default -> sb.insert(at, sb.substring(at, end));
      }
    }
    return sb.toString();
  }

  static void reads(String yaml) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          try {
            CommitStatsConfig.parse(yaml, "fuzz.yaml");
          } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("fuzz.yaml");
            assertThat(e.getMessage()).doesNotContain("com.fasterxml", "org.yaml", "Creator");
          } catch (RuntimeException e) {
            fail("the config reader threw " + e + " for:\n" + yaml, e);
          }
        });
  }

  @Property(tries = 1500)
  void editedConfigsReadOrSayWhatIsWrong(@ForAll("edited") String yaml) {
    reads(yaml);
  }

  @Property(tries = 500)
  void randomTextReadsOrSaysWhatIsWrong(@ForAll String yaml) {
    reads(yaml);
  }
}
