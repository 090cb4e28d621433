package dev.commitstats.ingest.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsedManifestsTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theSameContentIsParsedOnceAndOtherContentAgain() throws Exception {
    String pyproject = "[project]\nname = \"x\"\ndependencies = [\"alpha>=1.0\", \"beta\"]\n";
    var first =
        ParsedManifests.of(
            ManifestDiff.Kind.PYPROJECT, b(pyproject), "pyproject.toml", ManifestFiles.NONE);
    assertThat(first).containsEntry("alpha", ">=1.0").containsKey("beta");
    // the same bytes in another array (the next commit's old side), at another path
    var again =
        ParsedManifests.of(
            ManifestDiff.Kind.PYPROJECT, b(pyproject), "sub/pyproject.toml", ManifestFiles.NONE);
    assertThat(again).isSameAs(first);
    var changed =
        ParsedManifests.of(
            ManifestDiff.Kind.PYPROJECT,
            b(pyproject.replace("1.0", "1.1")),
            "pyproject.toml",
            ManifestFiles.NONE);
    assertThat(changed).isNotSameAs(first).containsEntry("alpha", ">=1.1");
    // the same bytes read by another kind's rules are that kind's
    String json = "{\"dependencies\": {\"left-pad\": \"^1.3.0\"}}";
    var npm =
        ParsedManifests.of(ManifestDiff.Kind.NPM, b(json), "package.json", ManifestFiles.NONE);
    assertThat(npm).containsEntry("left-pad", "^1.3.0");
    assertThatThrownBy(
            () ->
                ParsedManifests.of(
                    ManifestDiff.Kind.PYPROJECT, b(json), "pyproject.toml", ManifestFiles.NONE))
        .isInstanceOf(MalformedManifestException.class);
  }

  /** A POM's versions come from its parents, on the side's tree: the same bytes, other answers. */
  @Test
  void aPomIsReadWithItsSidesParentsEveryTime() throws Exception {
    String child =
        "<project><parent><groupId>io.x</groupId><artifactId>parent</artifactId>"
            + "<version>1</version><relativePath>../pom.xml</relativePath></parent>"
            + "<artifactId>core</artifactId><dependencies><dependency><groupId>g</groupId>"
            + "<artifactId>a</artifactId><version>${a.version}</version></dependency>"
            + "</dependencies></project>";
    ManifestFiles before = parentWith("2.0");
    ManifestFiles after = parentWith("3.0");
    assertThat(ParsedManifests.of(ManifestDiff.Kind.MAVEN, b(child), "core/pom.xml", before))
        .containsEntry("g:a", "2.0");
    assertThat(ParsedManifests.of(ManifestDiff.Kind.MAVEN, b(child), "core/pom.xml", after))
        .containsEntry("g:a", "3.0");
  }

  /** A malformed manifest is not kept: it fails each time it is read, as before. */
  @Test
  void aManifestThatDoesNotParseFailsEachTime() {
    byte[] broken = b("[project\ndependencies = [");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(
              () ->
                  ParsedManifests.of(
                      ManifestDiff.Kind.PYPROJECT, broken, "pyproject.toml", ManifestFiles.NONE))
          .isInstanceOf(MalformedManifestException.class);
    }
  }

  private static ManifestFiles parentWith(String version) {
    Map<String, byte[]> files =
        Map.of(
            "pom.xml",
            b(
                "<project><groupId>io.x</groupId><artifactId>parent</artifactId>"
                    + "<version>1</version><properties><a.version>"
                    + version
                    + "</a.version></properties></project>"));
    return files::get;
  }
}
