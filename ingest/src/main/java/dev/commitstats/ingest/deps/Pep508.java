package dev.commitstats.ingest.deps;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python requirement strings (PEP 508) and package names (PEP 503 normalization). */
final class Pep508 {
  private Pep508() {}

  private static final Pattern REQUIREMENT =
      Pattern.compile(
          "^\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(\\[[^\\]]*\\])?\\s*(.*?)\\s*$");

  /** PEP 503: lower case, runs of '-', '_' and '.' as one '-'. */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  /** Adds "name spec" to {@code out}; false when the text is no requirement. */
  static boolean add(String requirement, Map<String, String> out) {
    String text = requirement;
    int marker = text.indexOf(';');
    if (marker >= 0) {
      text = text.substring(0, marker);
    }
    Matcher m = REQUIREMENT.matcher(text);
    if (!m.matches()) {
      return false;
    }
    String spec = m.group(3).trim();
    if (spec.startsWith("@")) {
      spec = null; // a direct URL reference: no version
    } else {
      if (spec.startsWith("(") && spec.endsWith(")")) {
        spec = spec.substring(1, spec.length() - 1).trim();
      }
      spec = spec.replaceAll("\\s+", "");
      if (spec.isEmpty()) {
        spec = null;
      } else if (!spec.matches("[<>=!~*.,0-9A-Za-z+-]+")) {
        return false;
      }
    }
    out.putIfAbsent(normalize(m.group(1)), spec);
    return true;
  }
}
