package dev.commitstats.runtime;

import dev.commitstats.model.RepoUrls;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every credential this process holds, so that any text leaving it (log lines, error messages, the
 * lake) can be scrubbed. Credentials live only in memory.
 */
public final class Secrets {
  private Secrets() {}

  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
  private static final String MASK = "***";

  /** Remember a credential so that {@link #redact} removes it. Short values are not secrets. */
  public static void register(String secret) {
    if (secret != null && secret.length() >= 4) {
      KNOWN.add(secret);
    }
  }

  /** The text without any known credential and without {@code user:password@} in URLs. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = RepoUrls.withoutUserInfo(text);
    for (String s : KNOWN) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }

  /** A one-line description of a failure and its causes, redacted. */
  public static String describe(Throwable error) {
    var sb = new StringBuilder();
    Throwable t = error;
    String last = null;
    int depth = 0;
    while (t != null && depth++ < 5) {
      String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (last == null || !last.contains(msg)) {
        if (sb.length() > 0) {
          sb.append(" <- ");
        }
        sb.append(msg);
        last = msg;
      }
      t = t.getCause();
    }
    return redact(sb.toString().replace('\n', ' ').replace('\r', ' '));
  }
}
