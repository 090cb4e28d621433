package dev.commitstats.ingest.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * {@code .gitattributes} files are written by strangers: whatever the root's and a subfolder's say,
 * and whatever the path, the lookup answers with overrides (a language that is a name, never
 * blank), never an exception, quickly.
 */
class GitAttributesFuzzTest {
  private final InMemoryRepository repo =
      new InMemoryRepository(new DfsRepositoryDescription("fuzz"));

  @Provide
  Arbitrary<String> attributes() {
    Arbitrary<String> pattern =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("*?[]!/\\.-ab{}^ ").ofMaxLength(12),
            Arbitraries.of(
                "*", "**", "**/", "/", "[", "\\", "*.js", "src/**", "!x", "#x", "\"a b\""));
    Arbitrary<String> attr =
        Arbitraries.oneOf(
            Arbitraries.of(
                "linguist-language",
                "linguist-vendored",
                "linguist-generated",
                "linguist-documentation",
                "text",
                "binary"),
            Arbitraries.strings().withChars("linguist-=_!").ofMaxLength(20));
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of("", "=", "=true", "=false", "=Java", "=C_Sharp", "=_", "= ", "=\t"),
            Arbitraries.strings().all().ofMaxLength(12).map(v -> "=" + v));
    Arbitrary<String> prefix = Arbitraries.of("", "-", "!");
    Arbitrary<String> rule =
        net.jqwik.api.Combinators.combine(pattern, prefix, attr, value)
            .as((p, pre, a, v) -> p + " " + pre + a + (pre.isEmpty() ? v : ""));
    return Arbitraries.oneOf(
        rule.list().ofMaxSize(12).map(l -> String.join("\n", l)),
        rule.list().ofMaxSize(6).map(l -> String.join("\r\n", l) + "\r\n"),
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.of("", "\n", "\u0000", "* linguist-language=" + "x".repeat(10_000)));
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("abc./-_ \u00e9*[").ofMinLength(1).ofMaxLength(60),
        Arbitraries.of("src/a.js", "src/deep/x/y.py", "a", ".gitattributes", "src/", "src/.x"));
  }

  /**
   * What the fuzzer found first: an empty language ({@code linguist-language= }) was kept as "".
   */
  @net.jqwik.api.Example
  void anEmptyLanguageIsNoLanguage() throws Exception {
    everyAttributesFileAndPathGetsOverrides("* linguist-language= ", "", "a");
    everyAttributesFileAndPathGetsOverrides("* linguist-language=_", "", "src/a.js");
  }

  /** The second: jgit's wildcard matcher threw StringIndexOutOfBounds for {@code ?} and "/". */
  @net.jqwik.api.Example
  void aPatternJgitCannotMatchIsSkipped() throws Exception {
    everyAttributesFileAndPathGetsOverrides("? linguist-language", "", "/");
  }

  @Property(tries = 1500)
  void everyAttributesFileAndPathGetsOverrides(
      @ForAll("attributes") String root,
      @ForAll("attributes") String sub,
      @ForAll("paths") String path) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          ObjectId tree;
          try (var ins = repo.newObjectInserter()) {
            ObjectId rootBlob =
                ins.insert(Constants.OBJ_BLOB, root.getBytes(StandardCharsets.UTF_8));
            ObjectId subBlob = ins.insert(Constants.OBJ_BLOB, sub.getBytes(StandardCharsets.UTF_8));
            var src = new TreeFormatter();
            src.append(Constants.DOT_GIT_ATTRIBUTES, FileMode.REGULAR_FILE, subBlob);
            ObjectId srcTree = ins.insert(src);
            var top = new TreeFormatter();
            top.append(Constants.DOT_GIT_ATTRIBUTES, FileMode.REGULAR_FILE, rootBlob);
            top.append("src", FileMode.TREE, srcTree);
            tree = ins.insert(top);
            ins.flush();
          }
          try (var reader = repo.newObjectReader()) {
            var o = new LinguistAttributes(reader).lookup(tree, path);
            assertThat(o).isNotNull();
            if (o.language() != null) {
              assertThat(o.language()).isNotBlank();
            }
          }
        });
  }
}
