package dev.commitstats.ingest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real command line in its own JVM, as a user or a scheduler runs it. */
public final class ChildIngest {
  private ChildIngest() {}

  /** Exit status and everything the process printed (stdout and stderr). */
  public record Outcome(int exitCode, String output) {}

  public static Process start(Path log, Map<String, String> env, String... args)
      throws IOException {
    return startMain(log, env, "dev.commitstats.ingest.cli.Main", args);
  }

  /** A main class of the test classpath in its own JVM (stdin closed unless given). */
  public static Process startMain(Path log, Map<String, String> env, String main, String... args)
      throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // DuckDB unpacks its native library into java.io.tmpdir: keep killed processes' copies in the
    // test's own folder, which JUnit deletes
    Path jvmTmp = Files.createDirectories(log.toAbsolutePath().getParent().resolve("jvm-tmp"));
    var cmd = new ArrayList<String>(List.of(javaBin));
    if (!env.getOrDefault("JAVA_TOOL_OPTIONS", "").contains("GC")) {
      cmd.add("-XX:+UseSerialGC"); // a collector given in JAVA_TOOL_OPTIONS (as Lambda's) wins
    }
    cmd.addAll(List.of("-Xmx512m", "-Djava.io.tmpdir=" + jvmTmp, "-cp", classpath(), main));
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  public static Outcome run(Path log, Map<String, String> env, String... args) throws IOException {
    return finish(log, start(log, env, args));
  }

  /** Waits for a started process: its exit status and output. */
  public static Outcome finish(Path log, Process p) throws IOException {
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("ingest did not finish in 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The test classpath, expanded from surefire's manifest-only jar when it uses one. */
  public static String classpath() throws IOException {
    String given = System.getProperty("commitstats.child.classpath");
    if (given != null) {
      return given;
    }
    String cp = System.getProperty("java.class.path");
    var parts = new ArrayList<String>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && entry.contains("surefirebooter")) {
        try (var jar = new java.util.jar.JarFile(entry)) {
          String manifestCp = jar.getManifest().getMainAttributes().getValue("Class-Path");
          if (manifestCp != null) {
            for (String u : manifestCp.split(" ")) {
              if (!u.isBlank()) {
                parts.add(Path.of(java.net.URI.create(u)).toString());
              }
            }
          }
        }
      } else {
        parts.add(entry);
      }
    }
    return String.join(File.pathSeparator, parts);
  }
}
