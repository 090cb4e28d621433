package dev.commitstats.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real git CLI, for building test repositories and as the reference to compare with. */
public final class GitCli {
  private final Path dir;
  private int clock = 0;

  public GitCli(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public static GitCli init(Path dir) throws IOException {
    Files.createDirectories(dir);
    var g = new GitCli(dir);
    g.run("init", "-q", "-b", "main");
    g.run("config", "user.name", "Test Author");
    g.run("config", "user.email", "author@example.com");
    g.run("config", "commit.gpgsign", "false");
    g.run("config", "core.autocrlf", "false");
    return g;
  }

  /** Runs git with a fixed, advancing clock, so that histories are deterministic. */
  public String run(String... args) throws IOException {
    clock++;
    String date = (1_700_000_000L + clock * 3600L) + " +0100";
    var cmd = new ArrayList<String>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("GIT_AUTHOR_DATE", date);
    env.put("GIT_COMMITTER_DATE", date);
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("HOME", dir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException("git " + String.join(" ", args) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out.trim();
  }

  public GitCli write(String path, String content) throws IOException {
    return write(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public GitCli write(String path, byte[] content) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    return this;
  }

  public String commitAll(String message) throws IOException {
    run("add", "-A");
    run("commit", "-q", "--allow-empty", "-m", message);
    return run("rev-parse", "HEAD");
  }

  public String head() throws IOException {
    return run("rev-parse", "HEAD");
  }
}
