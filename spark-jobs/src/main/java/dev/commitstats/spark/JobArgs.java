package dev.commitstats.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --key value} arguments as Glue passes them (and as people type them). Keys a job does not
 * know are ignored, because Glue adds its own ({@code --JOB_ID}, {@code --TempDir}, …); a key the
 * job knows but is given twice, or without a value, is an error. A known flag may stand alone
 * ({@code --full}) and then means {@code true}.
 */
public final class JobArgs {
  private final Map<String, String> values;

  private JobArgs(Map<String, String> values) {
    this.values = values;
  }

  public static JobArgs parse(String[] args, Set<String> known, Set<String> flags) {
    var values = new LinkedHashMap<String, String>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        continue; // Glue's positional extras; nothing of ours is positional
      }
      String key = arg.substring(2);
      String value = null;
      int eq = key.indexOf('=');
      if (eq > 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      }
      if (!known.contains(key)) {
        continue;
      }
      if (value == null) {
        if (!flags.contains(key)) {
          throw new IllegalArgumentException("--" + key + " needs a value: --" + key + " VALUE");
        }
        value = "true";
      }
      if (values.put(key, value) != null) {
        throw new IllegalArgumentException("--" + key + " is given twice: give it once");
      }
    }
    return new JobArgs(values);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public String required(String key, String example) {
    return get(key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "--" + key + " is missing: add --" + key + " " + example));
  }

  public boolean flag(String key) {
    String v = values.get(key);
    if (v == null) {
      return false;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException("--" + key + " is '" + v + "': use true or false");
  }

  public int intValue(String key, int defaultValue) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " is '" + v + "': use a whole number");
    }
  }
}
