package dev.commitstats.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every language GitHub's linguist knows, with its type, colour and group: the facts of linguist's
 * {@code languages.yml} (release {@value #LINGUIST_RELEASE}, Debian's {@code ruby-github-linguist})
 * kept in {@code languages.tsv} beside this class, plus the few languages we classify that came to
 * linguist later (marked in the file). {@code LanguagesTest} checks the file against the installed
 * {@code languages.yml} and rewrites it on request.
 *
 * <p>Names and aliases are matched without regard to case ({@code AWK} written by older ingests is
 * linguist's {@code Awk}, a {@code linguist-language=js} attribute JavaScript); a name linguist
 * does not know (a {@code linguist-language} override naming something else) is of type {@link
 * LanguageType#UNKNOWN}.
 */
public final class Languages {
  /** The linguist release the table was generated from. */
  public static final String LINGUIST_RELEASE = "7.22.1";

  static final String RESOURCE = "languages.tsv";

  /**
   * One language: its linguist name, type, colour ({@code #rrggbb} or null), group, and the aliases
   * a {@code linguist-language} attribute may name it by ({@code js} for JavaScript).
   */
  public record Language(
      String name, LanguageType type, String color, String group, List<String> aliases) {
    public Language {
      aliases = List.copyOf(aliases);
    }
  }

  private static final List<Language> ALL;
  private static final Map<String, Language> BY_KEY = new HashMap<>();

  static {
    List<Language> all = new ArrayList<>();
    try (InputStream in = Languages.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the model jar");
      }
      var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        all.add(
            new Language(
                f[0],
                LanguageType.of(f[1]),
                f[2].isEmpty() ? null : f[2],
                blankToNull(f[3]),
                f[4].isEmpty() ? List.of() : List.of(f[4].split(","))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ALL = Collections.unmodifiableList(all);
    for (Language l : ALL) {
      if (BY_KEY.put(key(l.name()), l) != null) {
        throw new IllegalStateException(RESOURCE + " names " + l.name() + " twice");
      }
    }
    for (Language l : ALL) {
      for (String alias : l.aliases()) {
        Language before = BY_KEY.putIfAbsent(key(alias), l);
        if (before != null && before != l) {
          throw new IllegalStateException(
              RESOURCE + ": alias " + alias + " of " + l.name() + " is " + before.name());
        }
      }
    }
  }

  private Languages() {}

  private static String blankToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  /** The lookup key of a name: lower case. */
  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Every language, in the file's order (linguist's: alphabetical). */
  public static List<Language> all() {
    return ALL;
  }

  /** The language of that name or alias, whatever its case. */
  public static Optional<Language> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(BY_KEY.get(key(name)));
  }

  /** Its type; {@link LanguageType#UNKNOWN} for {@code Unknown} and names linguist lacks. */
  public static LanguageType type(String name) {
    return find(name).map(Language::type).orElse(LanguageType.UNKNOWN);
  }

  /** Its linguist colour ({@code #rrggbb}), or null when linguist gives none. */
  public static String color(String name) {
    return find(name).map(Language::color).orElse(null);
  }
}
