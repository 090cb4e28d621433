package dev.commitstats.ingest.git;

import dev.commitstats.ingest.classify.LinguistOverrides;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * The linguist attributes of a path at one commit, from the {@code .gitattributes} files of that
 * commit's tree: the root's first, then each directory down to the file's, later lines and deeper
 * files winning, as git applies them. Directory listings are cached by tree id (a directory that
 * did not change has the same id in every commit) and rule files by blob id, so a commit costs only
 * its changed directories. Not thread-safe: one per analyzer.
 */
final class LinguistAttributes {
  private static final int CACHE = 50_000;

  /** A directory: its .gitattributes blob (or null) and its subdirectories. */
  private record Dir(ObjectId attributes, Map<String, ObjectId> subdirs) {}

  private final ObjectReader reader;
  private final Map<ObjectId, Dir> dirs = lru();
  private final Map<ObjectId, List<AttributesRule>> rules = lru();

  LinguistAttributes(ObjectReader reader) {
    this.reader = reader;
  }

  private static <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > CACHE;
      }
    };
  }

  /** What the attributes of {@code root}'s tree say about {@code path}. */
  LinguistOverrides lookup(AnyObjectId root, String path) throws IOException {
    if (root == null) {
      return LinguistOverrides.NONE;
    }
    var values = new HashMap<String, Attribute>();
    Dir dir = dir(root.toObjectId());
    int from = 0;
    String prefix = "";
    while (dir != null) {
      if (dir.attributes() != null) {
        String relative = path.substring(prefix.length());
        for (AttributesRule rule : rules(dir.attributes())) {
          if (matches(rule, relative)) {
            for (Attribute a : rule.getAttributes()) {
              if (a.getKey().startsWith("linguist-")) {
                values.put(a.getKey(), a);
              }
            }
          }
        }
      }
      int slash = path.indexOf('/', from);
      if (slash < 0) {
        break;
      }
      ObjectId sub = dir.subdirs().get(path.substring(from, slash));
      prefix = path.substring(0, slash + 1);
      from = slash + 1;
      dir = sub == null ? null : dir(sub);
    }
    if (values.isEmpty()) {
      return LinguistOverrides.NONE;
    }
    Attribute language = values.get("linguist-language");
    String named =
        language != null && language.getState() == Attribute.State.CUSTOM
            ? language.getValue().replace('_', ' ').strip()
            : null;
    return new LinguistOverrides(
        // "linguist-language=" names no language: the rules decide (found by the fuzz test)
        named == null || named.isEmpty() ? null : named,
        flag(values.get("linguist-vendored")),
        flag(values.get("linguist-generated")),
        flag(values.get("linguist-documentation")));
  }

  /**
   * Whether a rule applies to a path. jgit's wildcard matcher throws on some patterns a stranger
   * can write (found by the fuzz test: {@code ?} against a path of one slash); such a rule is
   * skipped, as a rule that matches nothing, instead of failing the commit.
   */
  private static boolean matches(AttributesRule rule, String relative) {
    try {
      return rule.isMatch(relative, false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Boolean flag(Attribute a) {
    if (a == null) {
      return null;
    }
    return switch (a.getState()) {
      case SET -> true;
      case UNSET -> false;
      case CUSTOM -> !a.getValue().equalsIgnoreCase("false");
      default -> null;
    };
  }

  private Dir dir(ObjectId tree) throws IOException {
    Dir d = dirs.get(tree);
    if (d != null) {
      return d;
    }
    ObjectId attributes = null;
    var subdirs = new HashMap<String, ObjectId>();
    try {
      var parser = new CanonicalTreeParser(null, reader, tree);
      for (; !parser.eof(); parser.next()) {
        int mode = parser.getEntryRawMode();
        if (FileMode.TREE.equals(mode)) {
          subdirs.put(parser.getEntryPathString(), parser.getEntryObjectId());
        } else if (FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)) {
          if (parser.getEntryPathString().equals(Constants.DOT_GIT_ATTRIBUTES)) {
            attributes = parser.getEntryObjectId();
          }
        }
      }
    } catch (MissingObjectException e) {
      return null; // a partial clone: no attributes known below here
    }
    d = new Dir(attributes, subdirs);
    dirs.put(tree, d);
    return d;
  }

  private List<AttributesRule> rules(ObjectId blob) throws IOException {
    List<AttributesRule> r = rules.get(blob);
    if (r != null) {
      return r;
    }
    var node = new AttributesNode();
    try (var in = reader.open(blob, Constants.OBJ_BLOB).openStream()) {
      node.parse(in);
      r = new ArrayList<>(node.getRules());
    } catch (MissingObjectException e) {
      r = List.of();
    }
    rules.put(blob, r);
    return r;
  }
}
