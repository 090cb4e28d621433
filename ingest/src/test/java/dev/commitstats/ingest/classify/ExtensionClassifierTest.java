package dev.commitstats.ingest.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtensionClassifierTest {
  private final ExtensionClassifier classifier = new ExtensionClassifier();

  @ParameterizedTest(name = "{0} -> {1} / {2}")
  @CsvSource({
    "src/main/java/App.java, Java, code",
    "web/App.TSX, TSX, code",
    "lib/x.py, Python, code",
    "cmd/main.go, Go, code",
    "Makefile, Makefile, code",
    "docker/Dockerfile.prod, Dockerfile, code",
    "README.md, Markdown, documentation",
    "docs/guide.rst, reStructuredText, documentation",
    "config/app.yaml, YAML, data",
    "package-lock.json, JSON, lockfile",
    "sub/poetry.lock, Unknown, lockfile",
    "go.sum, Unknown, lockfile",
    "node_modules/react/index.js, JavaScript, vendored",
    "third_party/zlib/inflate.c, C, vendored",
    "dist/app.min.js, JavaScript, generated",
    "api/service.pb.go, Go, generated",
    "LICENSE, Unknown, data",
    "pom.xml, Maven POM, data"
  })
  void rules(String path, String language, String category) {
    var c = classifier.classify(path);
    assertThat(c.language()).isEqualTo(language);
    assertThat(c.category().value()).isEqualTo(category);
  }
}
