package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --help} of the commands that run a Spark stage, whose argument parsing has no help of its
 * own: the command's lines of the usage, exit 0, without starting a JVM (before, it said "--lake is
 * missing", or threw).
 */
class LauncherHelpTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"transform", "register", "synthetic-lake", "warm-refresh-bench", "compare-lakes"})
  void printsTheCommandsUsage(String command) throws Exception {
    for (String flag : new String[] {"--help", "-h"}) {
      var run = Launcher.run(Duration.ofSeconds(30), Map.of(), command, "--lake", "x", flag);
      assertThat(run.status()).as(run.output()).isZero();
      assertThat(run.stderr()).isEmpty();
      assertThat(run.stdout().lines().filter(l -> l.startsWith("  ./commitstats ")))
          .isNotEmpty()
          .allMatch(l -> l.startsWith("  ./commitstats " + command + " "));
      assertThat(run.stdout()).doesNotContain("Usage:").doesNotContain("error");
    }
  }
}
