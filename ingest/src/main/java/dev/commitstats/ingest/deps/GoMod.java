package dev.commitstats.ingest.deps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** go.mod: {@code require} lines and blocks; module path to version. */
final class GoMod implements ManifestParser {
  private static final Pattern REQUIRE = Pattern.compile("^(\\S+)\\s+(v\\S+)$");

  @Override
  public Map<String, String> parse(String text) throws MalformedManifestException {
    var out = new LinkedHashMap<String, String>();
    boolean inBlock = false;
    int lineNo = 0;
    for (String raw : text.split("\r?\n")) {
      lineNo++;
      String line = raw;
      int comment = line.indexOf("//");
      if (comment >= 0) {
        line = line.substring(0, comment);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (inBlock) {
        if (line.equals(")")) {
          inBlock = false;
          continue;
        }
        require(line, lineNo, out);
      } else if (line.equals("require (")) {
        inBlock = true;
      } else if (line.startsWith("require ")) {
        require(line.substring("require ".length()).strip(), lineNo, out);
      }
    }
    if (inBlock) {
      throw new MalformedManifestException("a require block is not closed");
    }
    return out;
  }

  private static void require(String spec, int lineNo, Map<String, String> out)
      throws MalformedManifestException {
    var m = REQUIRE.matcher(spec);
    if (!m.matches()) {
      throw new MalformedManifestException(
          "line "
              + lineNo
              + " is not 'module version': '"
              + PipRequirements.abbreviate(spec)
              + "'");
    }
    out.put(m.group(1), m.group(2));
  }
}
