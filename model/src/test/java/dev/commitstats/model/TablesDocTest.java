package dev.commitstats.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/tables.md is the text the declarations generate. */
class TablesDocTest {
  static final Path DOC = Path.of("..", "docs", "tables.md");

  @Test
  void committedDocIsTheGeneratedOne() throws Exception {
    String expected = TablesDoc.markdown();
    if (Boolean.getBoolean("commitstats.write-docs")) {
      Files.writeString(DOC, expected);
    }
    assertThat(Files.readString(DOC))
        .as(
            "docs/tables.md is stale: rewrite it with mvn -q -pl model test -Dtest=TablesDocTest"
                + " -Dcommitstats.write-docs=true")
        .isEqualTo(expected);
  }

  @Test
  void everyColumnIsDocumented() {
    for (TableSchema t : TablesDoc.all()) {
      for (Column c : t.columns()) {
        assertThat(c.doc()).as(t.name() + "." + c.name()).isNotBlank();
      }
    }
  }
}
