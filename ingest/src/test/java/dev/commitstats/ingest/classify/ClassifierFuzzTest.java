package dev.commitstats.ingest.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * File names, contents (interpreter lines) and .gitattributes overrides are written by strangers:
 * the classifier answers every one with a language and a category, never an exception, quickly.
 */
class ClassifierFuzzTest {
  private final ExtensionClassifier classifier = new ExtensionClassifier();

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200),
        Arbitraries.strings().withChars("abc./-_ .~\\:\u00e9\u0000").ofMaxLength(120),
        Arbitraries.of(
            "",
            ".",
            "..",
            "/",
            "a/",
            ".gitignore",
            "Dockerfile.",
            "x.",
            "node_modules/",
            "README",
            "a/b/c.min.js",
            "C:\\x.java"));
  }

  @Provide
  Arbitrary<byte[]> contents() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        Arbitraries.strings()
            .all()
            .ofMaxLength(200)
            .map(s -> ("#!" + s).getBytes(StandardCharsets.UTF_8)),
        Arbitraries.of(
                "#!",
                "#!/usr/bin/env",
                "#!/usr/bin/env ",
                "#! /bin/sh -e",
                "#!/usr/bin/env -S",
                "#!/usr/bin/env -S python3 -u",
                "#!\n",
                "#!" + " ".repeat(100_000))
            .map(s -> s.getBytes(StandardCharsets.UTF_8)));
  }

  @Provide
  Arbitrary<LinguistOverrides> overrides() {
    Arbitrary<Boolean> flag = Arbitraries.of(true, false).injectNull(0.5);
    return net.jqwik.api.Combinators.combine(
            Arbitraries.strings().all().ofMaxLength(30).injectNull(0.6), flag, flag, flag)
        .as(LinguistOverrides::new);
  }

  @Property(tries = 2000)
  void everyFileGetsALanguageAndACategory(
      @ForAll("paths") String path,
      @ForAll("contents") byte[] content,
      @ForAll("overrides") LinguistOverrides overrides) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(1),
        () -> {
          Classification c = classifier.classify(path, content, overrides);
          assertThat(c.language()).isNotNull();
          assertThat(c.category()).isNotNull();
        });
  }
}
