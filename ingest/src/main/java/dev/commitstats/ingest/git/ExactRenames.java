package dev.commitstats.ingest.git;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.FileMode;

/**
 * Renames of unchanged files, paired the way {@code git diff -M} pairs them when several deleted
 * files have the same content as several added ones (jgit pairs those in its own order): each added
 * file, in path order, takes an unused deleted file with its content, preferring one with the same
 * base name, and among equals the one git's hash table yields first, which is the last in path
 * order (its chains put the newest entry first). A deleted file is a source once: {@code -M} finds
 * no copies.
 */
final class ExactRenames {
  private ExactRenames() {}

  record Pair(DiffEntry source, DiffEntry destination) {}

  record Result(List<Pair> renames, List<DiffEntry> rest) {
    boolean hasAddAndDelete() {
      boolean add = false;
      boolean delete = false;
      for (DiffEntry e : rest) {
        add |= e.getChangeType() == DiffEntry.ChangeType.ADD;
        delete |= e.getChangeType() == DiffEntry.ChangeType.DELETE;
      }
      return add && delete;
    }
  }

  /** {@code entries} in tree (path) order, as DiffEntry.scan gives them. */
  static Result pair(List<DiffEntry> entries) {
    var sourcesById = new HashMap<AbbreviatedObjectId, List<DiffEntry>>();
    for (DiffEntry e : entries) {
      if (e.getChangeType() == DiffEntry.ChangeType.DELETE) {
        sourcesById.computeIfAbsent(e.getOldId(), k -> new ArrayList<>()).add(e);
      }
    }
    var pairs = new ArrayList<Pair>();
    Set<DiffEntry> used = new HashSet<>();
    for (DiffEntry dst : entries) {
      if (dst.getChangeType() != DiffEntry.ChangeType.ADD) {
        continue;
      }
      List<DiffEntry> same = sourcesById.get(dst.getNewId());
      if (same == null) {
        continue;
      }
      DiffEntry best = null;
      int bestScore = 0;
      for (DiffEntry src : same) {
        if (used.contains(src) || !compatibleModes(src.getOldMode(), dst.getNewMode())) {
          continue;
        }
        int score = 1 + (baseName(src.getOldPath()).equals(baseName(dst.getNewPath())) ? 1 : 0);
        if (score > bestScore) {
          best = src;
          bestScore = score;
          if (score == 2) {
            break;
          }
        }
      }
      if (best != null) {
        used.add(best);
        pairs.add(new Pair(best, dst));
      }
    }
    if (pairs.isEmpty()) {
      return new Result(List.of(), entries);
    }
    var paired = new HashSet<DiffEntry>(used);
    pairs.forEach(p -> paired.add(p.destination()));
    var rest = new ArrayList<DiffEntry>(entries.size() - paired.size());
    for (DiffEntry e : entries) {
      if (!paired.contains(e)) {
        rest.add(e);
      }
    }
    return new Result(pairs, rest);
  }

  /** Regular files pair whatever their modes; symlinks and submodules only with the same mode. */
  private static boolean compatibleModes(FileMode a, FileMode b) {
    boolean regularA = (a.getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
    boolean regularB = (b.getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
    return (regularA && regularB) || a.equals(b);
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
