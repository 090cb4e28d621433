package dev.commitstats.ingest.deps;

import java.util.LinkedHashMap;
import java.util.Map;

/** requirements*.txt / *.in: one PEP 508 requirement a line; options and includes are skipped. */
final class PipRequirements implements ManifestParser {
  @Override
  public Map<String, String> parse(String text) throws MalformedManifestException {
    var out = new LinkedHashMap<String, String>();
    int lineNo = 0;
    for (String raw : text.replace("\\\r\n", " ").replace("\\\n", " ").split("\r?\n")) {
      lineNo++;
      String line = raw;
      int hash = line.indexOf(" #");
      if (line.startsWith("#")) {
        continue;
      }
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty() || line.startsWith("-") || line.contains("://")) {
        continue;
      }
      // pip-compile hashes and options after the requirement
      int opt = line.indexOf(" --");
      if (opt >= 0) {
        line = line.substring(0, opt).strip();
      }
      if (!Pep508.add(line, out)) {
        throw new MalformedManifestException(
            "line " + lineNo + " is not a requirement: '" + abbreviate(line) + "'");
      }
    }
    return out;
  }

  static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
