package dev.commitstats.tools.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.GitCli;
import dev.commitstats.ingest.classify.ExtensionClassifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test: a repository built with the real git CLI holding every case where a naive
 * diff disagrees with git, and every commit's rows compared with {@code git log --numstat -M
 * --diff-algorithm=histogram}. On generated repositories the floor is 100%.
 */
class GitParityTest {

  @TempDir static Path tmp;
  static GitCli git;

  @BeforeAll
  static void buildRepository() throws IOException {
    git = GitCli.init(tmp.resolve("repo"));
    var sub = GitCli.init(tmp.resolve("sub"));
    sub.write("x", "x\n").commitAll("sub 1");
    String subA = sub.head();
    sub.write("x", "y\n").commitAll("sub 2");
    String subB = sub.head();

    // root commit: plain, no newline at end, CRLF, lone CR, binary, empty, symlink, non-UTF-8 name
    git.write("src/App.java", lines("class App {", "  int a = 1;", "}"));
    git.write("noeol.txt", "first\nlast without newline");
    git.write("crlf.txt", "one\r\ntwo\r\nthree\r\n");
    git.write("lonecr.txt", "a\rb\nc\n");
    git.write("img.bin", new byte[] {1, 2, 0, 3, 4, '\n', 5});
    git.write("empty.txt", "");
    git.write("docs/guide.md", lines("# Guide", "", "text", "more", "end"));
    git.write("utf8/caf\u00e9.txt", "caf\u00e9\n");
    Files.write(
        git.dir()
            .resolve(
                "latin1-"
                    + new String(new byte[] {(byte) 0xe9}, StandardCharsets.ISO_8859_1)
                    + ".txt"),
        "x\n".getBytes(StandardCharsets.UTF_8));
    Files.createSymbolicLink(git.dir().resolve("link"), Path.of("noeol.txt"));
    // text although it has a NUL: git only looks at the first 8,000 bytes
    var late = new ByteArrayOutputStream();
    late.write("line\n".repeat(2000).getBytes(StandardCharsets.US_ASCII));
    late.write(new byte[] {0, '\n'});
    git.write("late-nul.txt", late.toByteArray());
    git.commitAll("root commit with every kind of file");

    // modifications, a rename with edits, an exact rename, a copy, a mode change, a typechange
    git.write("src/App.java", lines("class App {", "  int a = 2;", "  int b = 3;", "}"));
    git.write("noeol.txt", "first\nlast without newline\n");
    git.write("crlf.txt", "one\r\n2\r\nthree\r\n");
    git.write("img.bin", new byte[] {1, 2, 0, 3, 9, '\n', 5, 6});
    Files.move(git.dir().resolve("docs/guide.md"), git.dir().resolve("docs/manual.md"));
    git.write("docs/manual.md", lines("# Guide", "", "text", "more", "end", "appendix"));
    Files.createDirectories(git.dir().resolve("moved"));
    Files.move(git.dir().resolve("empty.txt"), git.dir().resolve("moved/empty.txt"));
    git.write("copy-of-app.java", Files.readAllBytes(git.dir().resolve("src/App.java")));
    Files.setPosixFilePermissions(
        git.dir().resolve("late-nul.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.delete(git.dir().resolve("link"));
    git.write("link", "now a regular file\n");
    git.commitAll("edits, renames, copy, mode and type changes");

    git.run("commit", "-q", "--allow-empty", "-m", "an empty commit");

    // a symlink retarget and a file that becomes a symlink
    Files.delete(git.dir().resolve("link"));
    Files.createSymbolicLink(git.dir().resolve("link"), Path.of("crlf.txt"));
    Files.delete(git.dir().resolve("noeol.txt"));
    Files.createSymbolicLink(git.dir().resolve("noeol.txt"), Path.of("src/App.java"));
    git.commitAll("symlinks");

    // submodule: add, move its pointer, remove
    git.run("update-index", "--add", "--cacheinfo", "160000," + subA + ",vendor/sub");
    git.run("commit", "-q", "-m", "add a submodule");
    git.run("update-index", "--cacheinfo", "160000," + subB + ",vendor/sub");
    git.run("commit", "-q", "-m", "bump the submodule");
    git.run("update-index", "--force-remove", "vendor/sub");
    git.run("commit", "-q", "-m", "remove the submodule");

    // branches, a merge and an octopus merge
    git.run("checkout", "-q", "-b", "feature");
    git.write("feature.py", lines("def f():", "    return 1"));
    git.commitAll("feature work");
    git.run("checkout", "-q", "main");
    git.write("main.py", lines("print('main')"));
    git.commitAll("main work");
    git.run("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
    for (String b : List.of("o1", "o2")) {
      git.run("checkout", "-q", "-b", b, "main~1");
      git.write(b + ".txt", b + "\n");
      git.commitAll("octopus part " + b);
    }
    git.run("checkout", "-q", "main");
    git.run("merge", "-q", "--no-ff", "-m", "octopus", "o1", "o2");

    // a large text file (many lines), then an edit in its middle; whitespace-only changes
    var big = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      big.append("line ").append(i).append(" of a large generated file\n");
    }
    git.write("data/large.txt", big.toString());
    git.commitAll("a large file");
    git.write("data/large.txt", big.toString().replace("line 100000 of", "LINE 100000 OF"));
    git.write("src/App.java", lines("class App {", "\tint a = 2;", "  int b = 3;", "}  "));
    git.commitAll("edit the large file and whitespace");

    // identical files moved together: which deleted file pairs with which added one
    for (String dir : List.of("alpha", "beta", "gamma")) {
      git.write("pkgs/" + dir + "/LICENSE", "MIT License\nsame text\n");
      git.write("pkgs/" + dir + "/__init__.py", "");
    }
    git.write("pkgs/beta/VERSION", "MIT License\nsame text\n");
    git.commitAll("identical files");
    for (String dir : List.of("alpha", "beta", "gamma")) {
      Files.createDirectories(git.dir().resolve("src/npm-" + dir));
    }
    for (String dir : List.of("alpha", "beta", "gamma")) {
      Files.move(
          git.dir().resolve("pkgs/" + dir + "/LICENSE"),
          git.dir()
              .resolve("src/npm-" + (dir.equals("alpha") ? "gamma" : dir) + "/LICENSE-" + dir));
      Files.move(
          git.dir().resolve("pkgs/" + dir + "/__init__.py"),
          git.dir().resolve("src/npm-" + dir + "/__init__.py"));
    }
    git.commitAll("move identical files");

    // a rewrite that moves blocks around (histogram territory), and a delete of a directory
    git.write(
        "src/Moves.java",
        lines("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o"));
    git.commitAll("moves base");
    git.write(
        "src/Moves.java",
        lines("k", "l", "m", "a", "b", "X", "c", "d", "n", "o", "e", "f", "g", "Y", "h"));
    git.run("rm", "-q", "-r", "utf8");
    git.commitAll("moves and a deleted directory");
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  @Test
  void everyCommitMatchesGitNumstat() throws IOException {
    try (Repository repo =
        new FileRepositoryBuilder().setWorkTree(git.dir().toFile()).setMustExist(true).build()) {
      var report = ParityCheck.run(repo, git.dir(), "HEAD", new ExtensionClassifier(), 20);
      assertThat(report.commits())
          .isEqualTo(Integer.parseInt(git.run("rev-list", "--count", "HEAD")));
      assertThat(report.differences()).as("commits whose rows differ from git's").isEmpty();
      assertThat(report.identical()).isEqualTo(report.commits());
    }
  }

  @Test
  void theReferenceSeesTheCasesWeBuilt() throws IOException {
    var rows = GitNumstat.run(git.dir(), "HEAD");
    var all = rows.values().stream().flatMap(List::stream).toList();
    // binary (null counts), a rename, a submodule pointer, the latin-1 name and late NUL as text
    assertThat(all).anySatisfy(r -> assertThat(r.added()).isNull());
    assertThat(all).anySatisfy(r -> assertThat(r.oldPath()).isEqualTo("docs/guide.md"));
    assertThat(all).anySatisfy(r -> assertThat(r.path()).isEqualTo("vendor/sub"));
    assertThat(all)
        .anySatisfy(
            r -> {
              assertThat(r.path()).isEqualTo("late-nul.txt");
              assertThat(r.added()).isEqualTo(2001L);
            });
    assertThat(all).anySatisfy(r -> assertThat(r.path()).startsWith("latin1-"));
    // merges and the empty commit have no rows
    long withoutRows = rows.values().stream().filter(List::isEmpty).count();
    assertThat(withoutRows).isGreaterThanOrEqualTo(3);
  }
}
