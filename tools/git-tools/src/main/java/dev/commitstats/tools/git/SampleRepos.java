package dev.commitstats.tools.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Small, deterministic sample repositories for the demo: two years of weekly work by two people in
 * several languages, with co-authored commits, renames, a binary file, a vendored folder and a
 * lockfile, so that every column of the raw layer has something to show.
 */
public final class SampleRepos {
  private SampleRepos() {}

  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
  private static final Instant START = Instant.parse("2024-11-04T09:00:00Z");

  /** Creates the samples under {@code dir} unless they exist; returns their paths. */
  public static List<Path> create(Path dir) throws IOException {
    var out = new ArrayList<Path>();
    out.add(webapp(dir.resolve("acme-webapp")));
    out.add(pipeline(dir.resolve("data-pipeline")));
    return out;
  }

  private static PersonIdent alice(Instant when) {
    return new PersonIdent("Alice Example", "alice@example.com", when, OSLO);
  }

  private static PersonIdent bob(Instant when) {
    return new PersonIdent("Bob Example", "bob@example.org", when, ZoneId.of("America/New_York"));
  }

  private static Path webapp(Path repo) throws IOException {
    if (Files.isDirectory(repo.resolve(".git"))) {
      return repo;
    }
    var rnd = new Random(42);
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      write(repo, "README.md", "# ACME web app\n\nA sample for Commit Stats.\n");
      write(repo, "package.json", packageJson("1.0.0", false));
      write(repo, "package-lock.json", "{\n  \"lockfileVersion\": 3\n}\n");
      commit(git, alice(START), "Initial commit", null);
      for (int week = 1; week <= 100; week++) {
        Instant when = START.plusSeconds(week * 7L * 86400 + rnd.nextInt(5 * 86400));
        boolean byBob = rnd.nextInt(3) == 0;
        String file = "src/" + pick(rnd, "app", "api", "ui", "store") + ".ts";
        append(repo, file, tsLines(rnd, week));
        if (week % 4 == 0) {
          append(repo, "src/styles.css", ".c" + week + " { margin: " + week + "px; }\n");
        }
        if (week % 10 == 0) {
          write(repo, "package.json", packageJson("1." + week / 10 + ".0", week >= 50));
          write(
              repo,
              "package-lock.json",
              "{\n  \"lockfileVersion\": 3,\n  \"w\": " + week + "\n}\n");
        }
        if (week == 30) {
          Files.createDirectories(repo.resolve("vendor/chart"));
          write(repo, "vendor/chart/chart.js", "// vendored\n".repeat(400));
        }
        if (week == 40) {
          Files.write(repo.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        }
        if (week == 60 && Files.exists(repo.resolve("src/ui.ts"))) {
          Files.move(repo.resolve("src/ui.ts"), repo.resolve("src/view.ts"));
        }
        String trailer =
            week % 7 == 0 ? "\n\nCo-authored-by: Carol Example <carol@example.net>\n" : "";
        String msg = "Week " + week + ": work on " + file + trailer;
        commit(git, byBob ? bob(when) : alice(when), msg, null);
      }
    } catch (GitAPIException e) {
      throw new IOException("cannot create the sample repository " + repo, e);
    }
    return repo;
  }

  private static Path pipeline(Path repo) throws IOException {
    if (Files.isDirectory(repo.resolve(".git"))) {
      return repo;
    }
    var rnd = new Random(7);
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      write(
          repo, "pyproject.toml", "[project]\nname = \"pipeline\"\ndependencies = [\"pandas\"]\n");
      write(repo, "pipeline/__init__.py", "");
      commit(git, alice(START.plusSeconds(3 * 86400)), "Start the pipeline", null);
      for (int week = 2; week <= 90; week += 1 + rnd.nextInt(2)) {
        Instant when = START.plusSeconds(week * 7L * 86400 + rnd.nextInt(4 * 86400));
        String file =
            pick(rnd, "pipeline/extract.py", "pipeline/load.py", "sql/report.sql", "cmd/main.go");
        append(repo, file, codeLines(file, rnd, week));
        commit(git, alice(when), "Improve " + file + " (step " + week + ")", null);
      }
    } catch (GitAPIException e) {
      throw new IOException("cannot create the sample repository " + repo, e);
    }
    return repo;
  }

  private static String packageJson(String version, boolean withCharts) {
    return "{\n  \"name\": \"acme-webapp\",\n  \"version\": \""
        + version
        + "\",\n  \"dependencies\": {\n    \"react\": \"^18.2.0\""
        + (withCharts ? ",\n    \"echarts\": \"^5.4.0\"" : "")
        + "\n  }\n}\n";
  }

  private static String tsLines(Random rnd, int week) {
    var sb = new StringBuilder();
    int n = 3 + rnd.nextInt(25);
    for (int i = 0; i < n; i++) {
      sb.append("export const v").append(week).append('_').append(i).append(" = ");
      sb.append(rnd.nextInt(1000)).append(";\n");
    }
    return sb.toString();
  }

  private static String codeLines(String file, Random rnd, int week) {
    var sb = new StringBuilder();
    int n = 2 + rnd.nextInt(20);
    for (int i = 0; i < n; i++) {
      if (file.endsWith(".py")) {
        sb.append("def step_").append(week).append('_').append(i).append("():\n    return ");
        sb.append(rnd.nextInt(100)).append('\n');
      } else if (file.endsWith(".sql")) {
        sb.append("SELECT ").append(rnd.nextInt(100)).append(" AS w").append(week).append(";\n");
      } else {
        sb.append("// step ").append(week).append(' ').append(i).append('\n');
      }
    }
    return sb.toString();
  }

  private static String pick(Random rnd, String... options) {
    return options[rnd.nextInt(options.length)];
  }

  private static void write(Path repo, String path, String content) throws IOException {
    Path p = repo.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  private static void append(Path repo, String path, String content) throws IOException {
    Path p = repo.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(
        p, (Files.exists(p) ? Files.readString(p) : "") + content, StandardCharsets.UTF_8);
  }

  private static void commit(Git git, PersonIdent who, String message, PersonIdent committer)
      throws GitAPIException {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    git.commit()
        .setAuthor(who)
        .setCommitter(committer == null ? who : committer)
        .setMessage(message)
        .setSign(false)
        .call();
  }
}
