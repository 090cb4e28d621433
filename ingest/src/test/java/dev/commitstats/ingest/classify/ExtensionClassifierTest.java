package dev.commitstats.ingest.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.model.Languages;
import org.junit.jupiter.api.Test;
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
    "sub/poetry.lock, TOML, lockfile",
    "po/de.po, Gettext Catalog, data",
    "configure.ac, M4Sugar, code",
    "contrib/README, Text, documentation",
    "go.sum, Go Checksums, lockfile",
    "node_modules/react/index.js, JavaScript, vendored",
    "third_party/zlib/inflate.c, C, vendored",
    "dist/app.min.js, JavaScript, generated",
    "api/service.pb.go, Go, generated",
    "pom.xml, Maven POM, data",
    "tools/BUILD.bazel, Starlark, code",
    "Vagrantfile, Ruby, code",
    ".gitignore, Ignore List, data",
    "LICENSE, Text, documentation"
  })
  void byPath(String path, String language, String category) {
    var c = classifier.classify(path);
    assertThat(c.language()).isEqualTo(language);
    assertThat(c.category().value()).isEqualTo(category);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "#!/usr/bin/env python3 | Python",
        "#!/usr/bin/python3.12 | Python",
        "#!/bin/bash -e | Shell",
        "#!/bin/sh | Shell",
        "#!/usr/bin/env -S node --no-warnings | JavaScript",
        "#!/usr/bin/env ruby | Ruby",
        "#!/usr/bin/perl -w | Perl",
        "#!/usr/bin/env Rscript | R",
        "#!/usr/bin/env deno run | TypeScript",
        "echo no shebang | Unknown"
      })
  void byShebangWhenThePathSaysNothing(String firstLine, String language) {
    byte[] content = (firstLine + "\nbody\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(classifier.classify("bin/tool", content, LinguistOverrides.NONE).language())
        .isEqualTo(language);
    // a known extension wins over the shebang
    assertThat(classifier.classify("bin/tool.rb", content, LinguistOverrides.NONE).language())
        .isEqualTo("Ruby");
  }

  @ParameterizedTest(name = "{0} with {1}/{2}/{3}/{4} -> {5} / {6}")
  @CsvSource({
    "src/gen/api.ts, , true, , , TypeScript, generated",
    "lib/jquery.js, , , true, , JavaScript, vendored",
    "vendor/ours/main.go, , , false, , Go, code",
    "docs/api.py, , , , true, Python, documentation",
    "templates/page.inc, PHP, , , , PHP, code",
    "data/x.json, Java, , , , Java, code",
    "README.md, , , , false, Markdown, documentation"
  })
  void gitattributesOverrideTheRules(
      String path,
      String language,
      Boolean generated,
      Boolean vendored,
      Boolean documentation,
      String expectedLanguage,
      String expectedCategory) {
    var c =
        classifier.classify(
            path, null, new LinguistOverrides(language, vendored, generated, documentation));
    assertThat(c.language()).isEqualTo(expectedLanguage);
    assertThat(c.category().value()).isEqualTo(expectedCategory);
  }

  /** Every name we give is linguist's own, spelled as linguist spells it: its type and colour. */
  @Test
  void everyLanguageIsLinguistsName() {
    for (String language : ExtensionClassifier.languages()) {
      assertThat(Languages.find(language))
          .as(language + " is not a linguist language name")
          .hasValueSatisfying(l -> assertThat(l.name()).isEqualTo(language));
    }
  }
}
