package dev.commitstats.ingest.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sql command on an empty lake and the three output formats. */
class SqlCommandTest {
  @TempDir Path tmp;

  private String run(String... args) {
    var out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int rc = Main.run(args);
      assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isZero();
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyLakeHasEveryRawTableWithItsColumns() throws Exception {
    Path lake = Files.createDirectories(tmp.resolve("lake"));
    String out =
        run("sql", "--lake", lake.toString(), "SELECT count(*) AS n FROM raw_commits, raw_repos");
    assertThat(out).contains("n").contains("(1 row)");
    String cols =
        run(
            "sql",
            "--lake",
            lake.toString(),
            "--format",
            "csv",
            "SELECT column_name FROM (DESCRIBE raw_file_changes) ORDER BY column_name");
    assertThat(cols).contains("lines_added").contains("content_missing").contains("category");
  }

  @Test
  void formatsAreTableCsvAndJson() throws Exception {
    Path lake = Files.createDirectories(tmp.resolve("lake"));
    String q = "SELECT 1 AS n, 'a,\"b\"' AS s, [1, 2] AS l, {'name': 'x', 'email': 'y'} AS p";
    assertThat(run("sql", "--lake", lake.toString(), q)).contains("n | s").contains("(1 row)");
    assertThat(run("sql", "--lake", lake.toString(), "--format", "csv", q))
        .isEqualTo(
            "n,s,l,p\r\n1,\"a,\"\"b\"\"\",\"[1,2]\",\"{\"\"name\"\":\"\"x\"\",\"\"email\"\":\"\"y\"\"}\"\r\n");
    assertThat(run("sql", "--lake", lake.toString(), "--format", "json", q).replaceAll("\\s", ""))
        .isEqualTo(
            "[{\"n\":1,\"s\":\"a,\\\"b\\\"\",\"l\":[1,2],\"p\":{\"name\":\"x\",\"email\":\"y\"}}]");
  }

  @Test
  void aFailingQueryExitsOneWithTheReason() throws Exception {
    Path lake = Files.createDirectories(tmp.resolve("lake"));
    var err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run("sql", "--lake", lake.toString(), "SELECT * FROM no_such_table"))
          .isEqualTo(1);
    } finally {
      System.setErr(old);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("the query failed")
        .contains("no_such_table");
  }
}
