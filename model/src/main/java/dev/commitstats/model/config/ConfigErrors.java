package dev.commitstats.model.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A config mistake in the config's words, not Jackson's: the key path ({@code users[0].emails}),
 * what was found, what is expected with an example; an unknown key with the keys allowed there and
 * the nearest one (a typo like {@code emials}).
 */
final class ConfigErrors {
  private ConfigErrors() {}

  /**
   * Reports the first unknown key of {@code node}, read as {@code type} (a record; lists of records
   * are walked too), before binding: a typo must be named as a typo, not answered by a check the
   * value behind the misspelled key would have passed.
   */
  static void checkKeys(
      com.fasterxml.jackson.databind.JsonNode node,
      Class<?> type,
      String path,
      String origin,
      String yaml) {
    if (node == null || !node.isObject() || !type.isRecord()) {
      return;
    }
    var components = new java.util.LinkedHashMap<String, java.lang.reflect.RecordComponent>();
    for (var c : type.getRecordComponents()) {
      components.put(snake(c.getName()), c);
    }
    var it = node.fieldNames();
    while (it.hasNext()) {
      String key = it.next();
      String at = path.isEmpty() ? key : path + "." + key;
      var c = components.get(key);
      if (c == null) {
        throw new ConfigException(
            origin + lineOf(yaml, key) + ": " + unknownKey(at, key, components.keySet()));
      }
      var value = node.get(key);
      if (c.getType().isRecord()) {
        checkKeys(value, c.getType(), at, origin, yaml);
      } else if (List.class.isAssignableFrom(c.getType())
          && c.getGenericType() instanceof java.lang.reflect.ParameterizedType pt
          && pt.getActualTypeArguments()[0] instanceof Class<?> element
          && element.isRecord()
          && value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          checkKeys(value.get(i), element, at + "[" + i + "]", origin, yaml);
        }
      }
    }
  }

  /** " line N" of the first line where {@code key:} is written, or nothing. */
  static String lineOf(String yaml, String key) {
    var m =
        java.util.regex.Pattern.compile(
                "^[\\s\\-{,]*" + java.util.regex.Pattern.quote(key) + "\\s*:",
                java.util.regex.Pattern.MULTILINE)
            .matcher(yaml);
    if (!m.find()) {
      int i = yaml.indexOf(key + ":");
      if (i < 0) {
        return "";
      }
      return " line " + (1 + yaml.substring(0, i).chars().filter(ch -> ch == '\n').count());
    }
    return " line " + (1 + yaml.substring(0, m.start()).chars().filter(ch -> ch == '\n').count());
  }

  static String unknownKey(String at, String key, Collection<String> allowed) {
    var known = allowed.stream().sorted().toList();
    String nearest =
        known.stream()
            .min(Comparator.comparingInt(k -> distance(k, key)))
            .filter(k -> distance(k, key) <= Math.max(2, key.length() / 3))
            .orElse(null);
    return "unknown key '"
        + at
        + "'"
        + (nearest != null ? ": did you mean '" + nearest + "'?" : "")
        + " The keys allowed there: "
        + String.join(", ", known);
  }

  /**
   * A YAML syntax error in words: where (line and column) and what, SnakeYAML's event names turned
   * into what they stand for.
   */
  static String syntax(java.io.IOException e, String origin) {
    String where = "";
    String what = e.getMessage();
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
      what = j.getOriginalMessage();
      var loc = j.getLocation();
      if (loc != null && loc.getLineNr() > 0) {
        where = " line " + loc.getLineNr() + " column " + loc.getColumnNr();
      }
      if (j.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
        what = m.getProblem() + (m.getContext() != null ? " (" + m.getContext() + ")" : "");
        if (m.getProblemMark() != null) {
          where =
              " line "
                  + (m.getProblemMark().getLine() + 1)
                  + " column "
                  + (m.getProblemMark().getColumn() + 1);
        }
      }
    }
    what =
        (what == null ? "it does not parse" : what)
            .replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.SequenceStartEvent[^>]*>", "a list")
            .replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.MappingStartEvent[^>]*>", "a mapping")
            .replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.ScalarEvent[^>]*>", "a value")
            .replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event[^>]*>", "$1")
            .replaceAll("\\(Scalar value in YAML\\)", "(plain text)")
            .replaceAll("\\s+", " ")
            .trim();
    int nl = what.indexOf(" at [Source");
    if (nl > 0) {
      what = what.substring(0, nl);
    }
    return origin
        + where
        + " is not valid YAML: "
        + what
        + " (a config is 'key: value' lines; lists as [a, b] or one '- item' per line)";
  }

  /** The key path of the error: {@code users[0].emails}. */
  static String path(JsonMappingException e) {
    var sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "the top level" : sb.toString();
  }

  static String describe(JsonMappingException e) {
    String at = path(e);
    if (e instanceof UnrecognizedPropertyException u) {
      return unknownKey(
          at,
          u.getPropertyName(),
          u.getKnownPropertyIds().stream().map(Object::toString).map(ConfigErrors::snake).toList());
    }
    if (e instanceof InvalidFormatException f) {
      return at
          + ": found "
          + quoted(f.getValue())
          + ", expected "
          + expected(f.getTargetType(), lastKey(at));
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return at + ": found " + found(m) + ", expected " + expected(m.getTargetType(), lastKey(at));
    }
    return at + ": " + e.getOriginalMessage();
  }

  private static String lastKey(String path) {
    String p = path.replaceAll("\\[\\d+]$", "");
    int dot = p.lastIndexOf('.');
    return dot < 0 ? p : p.substring(dot + 1);
  }

  private static String found(MismatchedInputException m) {
    if (m.getProcessor() instanceof JsonParser p) {
      JsonToken t = p.currentToken();
      try {
        if (t == JsonToken.VALUE_STRING) {
          return "the text '" + p.getText() + "'";
        } else if (t != null && t.isNumeric()) {
          return "the number " + p.getText();
        } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
          return p.getText();
        } else if (t == JsonToken.START_ARRAY) {
          return "a list";
        } else if (t == JsonToken.START_OBJECT) {
          return "a mapping (key: value lines)";
        } else if (t == JsonToken.VALUE_NULL) {
          return "nothing (null)";
        }
      } catch (java.io.IOException ignored) {
        // fall through
      }
    }
    // Jackson names what it found in its message: "from String value ('x')",
    // "from Object value (token `JsonToken.START_OBJECT`)", "from Array value …"
    String msg = m.getOriginalMessage() == null ? "" : m.getOriginalMessage();
    var text = java.util.regex.Pattern.compile("from String value \\('(.*?)'\\)").matcher(msg);
    if (text.find()) {
      return "the text '" + text.group(1) + "'";
    }
    var number =
        java.util.regex.Pattern.compile(
                "from (?:Integer|Long|Floating-point|Double) value \\((.*?)\\)")
            .matcher(msg);
    if (number.find()) {
      return "the number " + number.group(1);
    }
    if (msg.contains("from Boolean value")) {
      return "true or false";
    }
    if (msg.contains("from Object value") || msg.contains("START_OBJECT")) {
      return "a mapping (key: value lines)";
    }
    if (msg.contains("from Array value") || msg.contains("START_ARRAY")) {
      return "a list";
    }
    return "a value of another kind";
  }

  private static String quoted(Object v) {
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }

  /** What a type is in YAML, with an example under that key. */
  static String expected(Class<?> type, String key) {
    String k = key == null || key.isEmpty() || key.equals("the top level") ? "key" : key;
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list, e.g. " + k + ": [first, second] (or one '- item' per line)";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping, e.g. " + k + ": {name: value}";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false, e.g. " + k + ": true";
    }
    if (type == int.class
        || type == Integer.class
        || type == long.class
        || type == Long.class
        || type == short.class
        || type == Short.class) {
      return "a whole number, e.g. " + k + ": 1000";
    }
    if (type == double.class || type == Double.class || type == float.class) {
      return "a number, e.g. " + k + ": 0.5";
    }
    if (type == String.class) {
      return "text, e.g. " + k + ": some-value";
    }
    if (type.isEnum()) {
      return "one of "
          + java.util.Arrays.stream(type.getEnumConstants())
              .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT))
              .collect(Collectors.joining(", "));
    }
    return "a mapping of its keys (see the config keys in README.md)";
  }

  private static String snake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** Levenshtein distance, for the nearest known key. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
