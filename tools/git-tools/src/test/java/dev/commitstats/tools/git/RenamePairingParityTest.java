package dev.commitstats.tools.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.GitCli;
import dev.commitstats.ingest.classify.ExtensionClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rename pairing against git on generated histories built to make it hard: module splits that move
 * many identical and near-identical small files (same basenames in several folders, different
 * basenames, more candidate sources than targets and the other way round, ties in similarity), as
 * the javalin commit that paired differently did. Every commit's rows must equal git's.
 */
class RenamePairingParityTest {
  @TempDir Path tmp;

  @Test
  void movedLookAlikeFilesPairAsGitPairsThem() throws IOException {
    GitCli git = GitCli.init(tmp.resolve("repo"));
    var random = new Random(20261201);
    String[] folders = {"a", "b/c", "d/e/f", "tpl"};
    String[] names = {"index.html", "test.mustache", "multiple.dots.twig", "util.py", "README.md"};
    // a first tree of look-alike files: a shared header with small differences
    for (String folder : folders) {
      for (int i = 0; i < names.length; i++) {
        git.write(folder + "/" + names[i], body(random, i, 0));
      }
    }
    git.commitAll("look-alike files");
    for (int round = 1; round <= 8; round++) {
      // move every file to a new module, some renamed, some edited a little, some untouched;
      // drop or add a few so sources and targets differ in number
      for (String folder : folders) {
        for (int i = 0; i < names.length; i++) {
          Path from = git.dir().resolve(folder + "/" + names[i]);
          if (!Files.exists(from)) {
            continue;
          }
          int pick = random.nextInt(6);
          String target =
              switch (pick) {
                case 0 -> "m" + round + "/" + folder + "/" + names[i];
                case 1 -> "m" + round + "/" + names[i];
                case 2 -> "m" + round + "/" + folder + "/renamed-" + i + ".txt";
                case 3 -> folder + "/" + names[(i + 1) % names.length] + ".new";
                case 4 -> "m" + round + "/shared/" + names[i % 2];
                default -> null;
              };
          if (target == null) {
            Files.delete(from);
            continue;
          }
          Path to = git.dir().resolve(target);
          if (Files.exists(to)) {
            continue;
          }
          Files.createDirectories(to.getParent());
          Files.move(from, to);
          if (random.nextInt(3) > 0) {
            git.write(target, body(random, i, round));
          }
        }
      }
      for (int extra = 0; extra < random.nextInt(4); extra++) {
        git.write("m" + round + "/extra" + extra + "/" + names[extra], body(random, extra, round));
      }
      git.commitAll("module split " + round);
      // put files back under the original folders so the next round has sources again
      for (String folder : folders) {
        for (int i = 0; i < names.length; i++) {
          if (random.nextBoolean()) {
            git.write(folder + "/" + names[i], body(random, i, round + 100));
          }
        }
      }
      git.commitAll("new look-alikes " + round);
    }
    try (Repository repo =
        new FileRepositoryBuilder().setWorkTree(git.dir().toFile()).setMustExist(true).build()) {
      var report = ParityCheck.run(repo, git.dir(), "HEAD", new ExtensionClassifier(), 5);
      assertThat(report.commits()).isEqualTo(17);
      assertThat(report.differences()).as("commits whose rows differ from git's").isEmpty();
    }
    assertThat(ourSimilarities(git)).isEqualTo(gitSimilarities(git));
    // the history really holds inexact renames and several candidates per target
    var rows = GitNumstat.run(git.dir(), "HEAD");
    long renames =
        rows.values().stream()
            .flatMap(java.util.List::stream)
            .filter(r -> r.oldPath() != null && !r.oldPath().equals(r.path()))
            .count();
    assertThat(renames).isGreaterThan(40);
  }

  /** (sha, old path, new path) to the similarity git prints for each rename ({@code R087}). */
  private static java.util.Map<String, Integer> gitSimilarities(GitCli git) throws IOException {
    var out = new java.util.TreeMap<String, Integer>();
    String sha = null;
    for (String line :
        git.run("log", "-M", "--name-status", "--format=%x01%H", "HEAD").split("\n")) {
      if (line.startsWith("\u0001")) {
        sha = line.substring(1);
      } else if (line.startsWith("R")) {
        String[] f = line.split("\t");
        out.put(sha + " " + f[1] + " " + f[2], Integer.parseInt(f[0].substring(1)));
      }
    }
    return out;
  }

  private static java.util.Map<String, Integer> ourSimilarities(GitCli git) throws IOException {
    var out = new java.util.TreeMap<String, Integer>();
    try (Repository repo =
            new FileRepositoryBuilder().setWorkTree(git.dir().toFile()).setMustExist(true).build();
        var analyzer =
            new dev.commitstats.ingest.git.CommitAnalyzer(repo, new ExtensionClassifier())) {
      for (String sha : git.run("rev-list", "HEAD").split("\n")) {
        for (var row :
            analyzer.analyze(org.eclipse.jgit.lib.ObjectId.fromString(sha), "-").files()) {
          if (row.changeType() == dev.commitstats.model.ChangeType.RENAME) {
            out.put(sha + " " + row.oldPath() + " " + row.path(), row.similarity());
          }
        }
      }
    }
    return out;
  }

  /** A file of a shared template with a few lines that depend on the file and the round. */
  private static String body(Random random, int file, int round) {
    var sb = new StringBuilder();
    for (int line = 0; line < 12; line++) {
      sb.append("{{> header }} shared line ").append(line).append('\n');
    }
    sb.append("file ").append(file).append('\n');
    for (int k = 0; k < random.nextInt(4); k++) {
      sb.append("round ").append(round).append(" change ").append(random.nextInt(3)).append('\n');
    }
    return sb.toString();
  }
}
