package dev.commitstats.api.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versions of the lake's tables at one moment: what responses derive their ETag from and what
 * the cache keys on. {@code version} is the Delta table version ({@code -1}: not written yet);
 * {@code modified} the time of that version's commit, when known.
 */
public record TableVersions(Map<String, Table> tables) {

  /** One table's version. */
  public record Table(String name, long version, Instant modified) {}

  public TableVersions {
    tables = java.util.Collections.unmodifiableMap(new TreeMap<>(tables));
  }

  public long version(String table) {
    Table t = tables.get(table);
    return t == null ? -1 : t.version();
  }

  public boolean has(String table) {
    return version(table) >= 0;
  }

  /** A stable text of the versions of {@code names}, for cache keys and ETags. */
  public String fingerprint(Collection<String> names) {
    var sb = new StringBuilder();
    for (String n : new java.util.TreeSet<>(names)) {
      sb.append(n).append('@').append(version(n)).append(';');
    }
    return sb.toString();
  }
}
