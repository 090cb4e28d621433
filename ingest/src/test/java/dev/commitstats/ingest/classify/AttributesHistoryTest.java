package dev.commitstats.ingest.classify;

import static dev.commitstats.ingest.LakeQueries.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.GitCli;
import dev.commitstats.ingest.cli.Main;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each commit's files are classified by the .gitattributes of that commit, not of today. */
class AttributesHistoryTest {
  @TempDir Path tmp;

  @Test
  void attributesApplyAsOfEachCommit() throws Exception {
    GitCli git = GitCli.init(tmp.resolve("repo"));
    git.write("app/main.py", "print(1)\n");
    git.write("app/gen/client.py", "x = 1\n");
    git.write("vendor/ours/tool.go", "package tool\n");
    git.write("bin/run", "#!/usr/bin/env bash\necho hi\n");
    String before = git.commitAll("no attributes yet");

    git.write(
        ".gitattributes",
        "app/gen/** linguist-generated\nvendor/ours/** -linguist-vendored\n*.inc linguist-language=PHP\n");
    git.write("app/sub/.gitattributes", "*.py linguist-documentation\n");
    git.write("app/gen/client.py", "x = 2\n");
    git.write("vendor/ours/tool.go", "package tool // ours\n");
    git.write("app/sub/notes.py", "# notes\n");
    git.write("web/page.inc", "<?php echo 1;\n");
    String with = git.commitAll("attributes");

    git.write(".gitattributes", "*.inc linguist-language=PHP\n");
    git.write("app/gen/client.py", "x = 3\n");
    git.write("vendor/ours/tool.go", "package tool // still ours\n");
    git.run("rm", "-q", "app/sub/notes.py");
    String after = git.commitAll("fewer attributes");

    Path lake = tmp.resolve("lake");
    assertThat(
            Main.run(
                "ingest",
                "--lake",
                lake.toString(),
                "--repo",
                git.dir().toString(),
                "--progress",
                "never"))
        .isZero();
    var q =
        "SELECT path, language, category FROM raw_file_changes WHERE sha = '%s' AND path NOT LIKE"
            + " '%%.gitattributes' ORDER BY path";
    assertThat(rows(lake, q.formatted(before)))
        .containsExactly(
            List.of("app/gen/client.py", "Python", "code"),
            List.of("app/main.py", "Python", "code"),
            List.of("bin/run", "Shell", "code"),
            List.of("vendor/ours/tool.go", "Go", "vendored"));
    assertThat(rows(lake, q.formatted(with)))
        .containsExactly(
            List.of("app/gen/client.py", "Python", "generated"),
            List.of("app/sub/notes.py", "Python", "documentation"),
            List.of("vendor/ours/tool.go", "Go", "code"),
            List.of("web/page.inc", "PHP", "code"));
    // the generated and un-vendored rules are gone; the deleted file keeps its last attributes
    assertThat(rows(lake, q.formatted(after)))
        .containsExactly(
            List.of("app/gen/client.py", "Python", "code"),
            List.of("app/sub/notes.py", "Python", "documentation"),
            List.of("vendor/ours/tool.go", "Go", "vendored"));
  }
}
