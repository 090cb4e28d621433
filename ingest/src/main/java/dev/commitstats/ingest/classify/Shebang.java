package dev.commitstats.ingest.classify;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** The language of a script from its {@code #!} line, as linguist's interpreter table does. */
final class Shebang {
  private Shebang() {}

  /** Every language an interpreter line can name. */
  static Collection<String> languages() {
    return INTERPRETERS.values();
  }

  private static final Map<String, String> INTERPRETERS =
      Map.ofEntries(
          Map.entry("python", "Python"),
          Map.entry("pypy", "Python"),
          Map.entry("sh", "Shell"),
          Map.entry("bash", "Shell"),
          Map.entry("zsh", "Shell"),
          Map.entry("ksh", "Shell"),
          Map.entry("dash", "Shell"),
          Map.entry("ash", "Shell"),
          Map.entry("fish", "fish"),
          Map.entry("node", "JavaScript"),
          Map.entry("nodejs", "JavaScript"),
          Map.entry("bun", "JavaScript"),
          Map.entry("deno", "TypeScript"),
          Map.entry("ts-node", "TypeScript"),
          Map.entry("tsx", "TypeScript"),
          Map.entry("ruby", "Ruby"),
          Map.entry("perl", "Perl"),
          Map.entry("php", "PHP"),
          Map.entry("rscript", "R"),
          Map.entry("lua", "Lua"),
          Map.entry("luajit", "Lua"),
          Map.entry("tclsh", "Tcl"),
          Map.entry("wish", "Tcl"),
          Map.entry("awk", "Awk"),
          Map.entry("gawk", "Awk"),
          Map.entry("pwsh", "PowerShell"),
          Map.entry("groovy", "Groovy"),
          Map.entry("scala", "Scala"),
          Map.entry("swift", "Swift"),
          Map.entry("julia", "Julia"),
          Map.entry("elixir", "Elixir"),
          Map.entry("escript", "Erlang"),
          Map.entry("runhaskell", "Haskell"),
          Map.entry("stack", "Haskell"),
          Map.entry("make", "Makefile"),
          Map.entry("osascript", "AppleScript"),
          Map.entry("kotlin", "Kotlin"),
          Map.entry("dart", "Dart"),
          Map.entry("crystal", "Crystal"),
          Map.entry("nim", "Nim"));

  /** The language named by the first line, or null. */
  static String language(byte[] content) {
    if (content == null || content.length < 3 || content[0] != '#' || content[1] != '!') {
      return null;
    }
    int end = 2;
    while (end < content.length && end < 256 && content[end] != '\n') {
      end++;
    }
    String line = new String(content, 2, end - 2, StandardCharsets.UTF_8).strip();
    String[] words = line.split("\\s+");
    if (words.length == 0 || words[0].isEmpty()) {
      return null;
    }
    String interpreter = base(words[0]);
    int i = 1;
    if (interpreter.equals("env")) {
      while (i < words.length && (words[i].startsWith("-") || words[i].contains("="))) {
        i++;
      }
      if (i >= words.length) {
        return null;
      }
      interpreter = base(words[i]);
    }
    // python3.12 -> python, perl5 -> perl
    String name = interpreter.toLowerCase(Locale.ROOT).replaceAll("[0-9.]+$", "");
    return INTERPRETERS.get(name);
  }

  private static String base(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
