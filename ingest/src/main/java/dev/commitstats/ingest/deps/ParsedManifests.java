package dev.commitstats.ingest.deps;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packages of recently parsed manifests, by kind and content: a manifest's new side in one
 * commit is its old side in the next change of it, so each version is parsed once instead of twice
 * (pydantic: 1,238 of 2,605 parses). Only manifests read without other files (not Maven's POMs,
 * whose parents come from the tree), and of at most {@link #MAX_CACHED_BYTES}, so the cache holds
 * at most {@link #ENTRIES} × that. Shared by the analysis threads of every repository: the key is
 * the content itself, compared byte for byte.
 */
final class ParsedManifests {
  static final int ENTRIES = 64;
  static final int MAX_CACHED_BYTES = 256 << 10;

  private record Key(ManifestDiff.Kind kind, int hash, byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.kind == kind
          && k.hash == hash
          && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final Map<Key, Map<String, String>> RECENT =
      new LinkedHashMap<>(ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Map<String, String>> eldest) {
          return size() > ENTRIES;
        }
      };

  private ParsedManifests() {}

  /** What {@code kind}'s parser reads from {@code bytes} (unmodifiable, in the parser's order). */
  static Map<String, String> of(
      ManifestDiff.Kind kind, byte[] bytes, String path, ManifestFiles files)
      throws MalformedManifestException {
    if (kind.parser.readsOtherFiles() || bytes.length > MAX_CACHED_BYTES) {
      return kind.parser.parse(ManifestDiff.text(bytes), path, files);
    }
    Key key = new Key(kind, Arrays.hashCode(bytes), bytes);
    synchronized (RECENT) {
      Map<String, String> known = RECENT.get(key);
      if (known != null) {
        return known;
      }
    }
    // a manifest that does not parse is not kept: its error is reported again, as before
    Map<String, String> parsed =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(kind.parser.parse(ManifestDiff.text(bytes), path, files)));
    synchronized (RECENT) {
      RECENT.put(key, parsed);
    }
    return parsed;
  }
}
