package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code ./commitstats} run as a user runs it, on the jars this Maven run packaged. */
final class Launcher {
  private Launcher() {}

  /** Exit status and what the command printed on each stream. */
  record Outcome(int status, String stdout, String stderr) {
    /** Both streams, for what a test looks for wherever it was printed. */
    String output() {
      return stdout + stderr;
    }
  }

  /** Runs {@code ./commitstats ARGS} with ENV added (never building), within TIMEOUT. */
  static Outcome run(Duration timeout, Map<String, String> env, String... args) throws Exception {
    Path root = LakeFixture.modulePath("api").getParent();
    List<String> cmd = new ArrayList<>(List.of(root.resolve("commitstats").toString()));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile("commitstats-launcher-", ".stderr");
    try {
      var pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      pb.environment().put("COMMITSTATS_NO_BUILD", "1");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as(out).isTrue();
      return new Outcome(p.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
