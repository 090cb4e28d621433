package dev.commitstats.ingest.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.diff.ContentSource;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Inexact renames as {@code git diff -M} (git 2.33 and later) finds them, after the exact renames
 * ({@link ExactRenames}): the steps of git's {@code diffcore-rename.c}, written anew.
 *
 * <ol>
 *   <li>Basename matches: a deleted and an added file whose basename is unique among the remaining
 *       deleted files and among the remaining added files are compared first (sources in path
 *       order), and paired when their similarity reaches the minimum score raised halfway to the
 *       maximum (75% for {@code -M}'s 50%).
 *   <li>The similarity matrix of what is left, within {@code diff.renameLimit}: for each added file
 *       (path order) the four best sources (by score, then same basename), kept as git's {@code
 *       record_if_better} keeps them; all candidates sorted stably by score and then basename, and
 *       paired in that order while the score reaches the minimum, each source once.
 * </ol>
 *
 * <p>Similarity is git's ({@code estimate_similarity} with {@code diffcore_count_changes}): regular
 * files only; sizes that differ too much score 0; otherwise the bytes of the destination copied
 * from the source, counted over spans (cut at each newline or after 64 bytes, a CR before LF
 * ignored in text, a last span without newline not counted) hashed as git hashes them, divided by
 * the larger size. Scores are in git's units: {@link #MAX_SCORE} is 100%.
 */
final class GitRenames {
  /** git's MAX_SCORE. */
  static final int MAX_SCORE = 60000;

  /** git's HASHBASE: span hashes are taken modulo this prime. */
  private static final int HASHBASE = 107927;

  /** git's NUM_CANDIDATE_PER_DST. */
  private static final int CANDIDATES_PER_DESTINATION = 4;

  /** A rename and its score (0 to {@link #MAX_SCORE}). */
  record Pair(DiffEntry source, DiffEntry destination, int score) {
    /** The similarity git prints: {@code score * 100 / MAX_SCORE}. */
    int percent() {
      return score * 100 / MAX_SCORE;
    }
  }

  record Result(List<Pair> renames, List<DiffEntry> rest) {}

  private final ContentSource content;
  private final int minimumScore;
  private final int renameLimit;

  /** The span counts of each blob compared in one commit (git keeps them as cnt_data). */
  private final Map<ObjectId, int[]> spans = new HashMap<>();

  private final Map<ObjectId, Long> sizes = new HashMap<>();

  /**
   * @param renameScorePercent {@code -M}'s minimum similarity, in percent
   * @param renameLimit {@code diff.renameLimit}: no matrix when sources times destinations exceed
   *     its square
   */
  GitRenames(ContentSource content, int renameScorePercent, int renameLimit) {
    this.content = content;
    this.minimumScore = renameScorePercent * MAX_SCORE / 100;
    this.renameLimit = renameLimit <= 0 ? 32767 : renameLimit;
  }

  /** Pairs the additions and deletions of {@code entries}; everything else stays as it is. */
  Result pair(List<DiffEntry> entries) throws IOException {
    spans.clear();
    sizes.clear();
    var sources = new ArrayList<DiffEntry>();
    var destinations = new ArrayList<DiffEntry>();
    for (DiffEntry e : entries) {
      if (e.getChangeType() == DiffEntry.ChangeType.DELETE) {
        sources.add(e);
      } else if (e.getChangeType() == DiffEntry.ChangeType.ADD) {
        destinations.add(e);
      }
    }
    sources.sort(Comparator.comparing(DiffEntry::getOldPath, GitRenames::byteOrder));
    destinations.sort(Comparator.comparing(DiffEntry::getNewPath, GitRenames::byteOrder));
    var pairs = new ArrayList<Pair>();
    // the sources and destinations paired so far (each entry is one or the other)
    Set<DiffEntry> paired = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    if (!sources.isEmpty() && !destinations.isEmpty()) {
      basenameMatches(sources, destinations, paired, pairs);
      var left = new ArrayList<DiffEntry>();
      for (DiffEntry s : sources) {
        if (!paired.contains(s)) {
          left.add(s);
        }
      }
      var open = new ArrayList<DiffEntry>();
      for (DiffEntry d : destinations) {
        if (!paired.contains(d)) {
          open.add(d);
        }
      }
      if (!left.isEmpty() && !open.isEmpty() && withinLimit(open.size(), left.size())) {
        matrix(left, open, paired, pairs);
      }
    }
    if (pairs.isEmpty()) {
      return new Result(List.of(), entries);
    }
    var rest = new ArrayList<DiffEntry>(entries.size() - paired.size());
    for (DiffEntry e : entries) {
      if (!paired.contains(e)) {
        rest.add(e);
      }
    }
    return new Result(pairs, rest);
  }

  /** git's {@code too_many_rename_candidates} for {@code -M}. */
  private boolean withinLimit(int targets, int sources) {
    return (targets <= renameLimit || sources <= renameLimit)
        && (long) targets * sources <= (long) renameLimit * renameLimit;
  }

  private void basenameMatches(
      List<DiffEntry> sources,
      List<DiffEntry> destinations,
      Set<DiffEntry> paired,
      List<Pair> pairs)
      throws IOException {
    int minBasenameScore = minimumScore + (MAX_SCORE - minimumScore) / 2;
    Map<String, Integer> sourceByName = uniqueByBasename(sources, true);
    Map<String, Integer> destinationByName = uniqueByBasename(destinations, false);
    for (int i = 0; i < sources.size(); i++) {
      String base = basename(sources.get(i).getOldPath());
      Integer s = sourceByName.get(base);
      Integer d = destinationByName.get(base);
      if (s == null || s < 0 || d == null || d < 0) {
        continue; // not unique on both sides (git then guesses directory renames only in merges)
      }
      DiffEntry src = sources.get(s);
      DiffEntry dst = destinations.get(d);
      if (paired.contains(dst)) {
        continue;
      }
      int score = similarity(src, dst, minBasenameScore);
      if (score < minBasenameScore) {
        continue;
      }
      record(src, dst, score, paired, pairs);
    }
  }

  /** Basename to index, or -1 where the basename is not unique. */
  private static Map<String, Integer> uniqueByBasename(List<DiffEntry> entries, boolean old) {
    var out = new HashMap<String, Integer>();
    for (int i = 0; i < entries.size(); i++) {
      String base = basename(old ? entries.get(i).getOldPath() : entries.get(i).getNewPath());
      out.merge(base, i, (a, b) -> -1);
    }
    return out;
  }

  /** One candidate of the matrix (git's {@code struct diff_score}). */
  private record Candidate(int source, int destination, int score, int nameScore) {}

  /**
   * git's {@code score_compare}: unused slots (null) last, then higher score, then same basename
   * first. Positive when {@code a} sorts after {@code b}.
   */
  private static int compare(Candidate a, Candidate b) {
    if (a == null) {
      return b != null ? 1 : 0;
    } else if (b == null) {
      return -1;
    }
    if (a.score() == b.score()) {
      return b.nameScore() - a.nameScore();
    }
    return b.score() - a.score();
  }

  private void matrix(
      List<DiffEntry> sources,
      List<DiffEntry> destinations,
      Set<DiffEntry> paired,
      List<Pair> pairs)
      throws IOException {
    var all = new ArrayList<Candidate>(destinations.size() * CANDIDATES_PER_DESTINATION);
    for (int d = 0; d < destinations.size(); d++) {
      DiffEntry dst = destinations.get(d);
      Candidate[] best = new Candidate[CANDIDATES_PER_DESTINATION];
      for (int s = 0; s < sources.size(); s++) {
        DiffEntry src = sources.get(s);
        var c =
            new Candidate(
                s,
                d,
                similarity(src, dst, minimumScore),
                basename(src.getOldPath()).equals(basename(dst.getNewPath())) ? 1 : 0);
        int worst = 0;
        for (int i = 1; i < best.length; i++) {
          if (compare(best[i], best[worst]) > 0) {
            worst = i;
          }
        }
        if (compare(best[worst], c) > 0) {
          best[worst] = c;
        }
      }
      all.addAll(Arrays.asList(best));
    }
    all.sort(GitRenames::compare); // List.sort is stable, as git's STABLE_QSORT
    for (Candidate c : all) {
      if (c == null || c.score() < minimumScore) {
        break;
      }
      DiffEntry dst = destinations.get(c.destination());
      DiffEntry src = sources.get(c.source());
      if (paired.contains(dst) || paired.contains(src)) {
        continue;
      }
      record(src, dst, c.score(), paired, pairs);
    }
  }

  private static void record(
      DiffEntry src, DiffEntry dst, int score, Set<DiffEntry> paired, List<Pair> pairs) {
    paired.add(src);
    paired.add(dst);
    pairs.add(new Pair(src, dst, score));
  }

  /** git's {@code estimate_similarity}: 0 to {@link #MAX_SCORE}. */
  int similarity(DiffEntry src, DiffEntry dst, int minimum) throws IOException {
    if (!regular(src.getOldMode()) || !regular(dst.getNewMode())) {
      return 0;
    }
    ObjectId a = src.getOldId().toObjectId();
    ObjectId b = dst.getNewId().toObjectId();
    long srcSize = size(src.getOldPath(), a);
    long dstSize = size(dst.getNewPath(), b);
    long maxSize = Math.max(srcSize, dstSize);
    long delta = maxSize - Math.min(srcSize, dstSize);
    if (maxSize * (MAX_SCORE - minimum) < delta * MAX_SCORE) {
      return 0;
    }
    if (dstSize == 0) {
      return 0;
    }
    long copied = copied(spans(src.getOldPath(), a), spans(dst.getNewPath(), b));
    return (int) (copied * MAX_SCORE / maxSize);
  }

  private long size(String path, ObjectId id) throws IOException {
    Long known = sizes.get(id);
    if (known == null) {
      known = content.size(path, id);
      sizes.put(id, known);
    }
    return known;
  }

  private int[] spans(String path, ObjectId id) throws IOException {
    int[] known = spans.get(id);
    if (known == null) {
      known = spanCounts(content.open(path, id).getCachedBytes(Integer.MAX_VALUE));
      spans.put(id, known);
    }
    return known;
  }

  /**
   * The bytes of {@code dst} that {@code src} has too (git's {@code src_copied}): per span hash,
   * the smaller of the two byte counts. Both arrays hold (hash, count) pairs sorted by hash.
   */
  static long copied(int[] src, int[] dst) {
    long copied = 0;
    int i = 0;
    int j = 0;
    while (i < src.length && j < dst.length) {
      if (src[i] == dst[j]) {
        copied += Math.min(src[i + 1], dst[j + 1]);
        i += 2;
        j += 2;
      } else if (src[i] < dst[j]) {
        i += 2;
      } else {
        j += 2;
      }
    }
    return copied;
  }

  /**
   * git's {@code hash_chars}: (span hash, bytes) pairs sorted by hash. Spans end at a newline or
   * after 64 bytes; in text (no NUL in the first 8,000 bytes) a CR right before a LF is skipped;
   * bytes after the last complete span are not counted.
   */
  static int[] spanCounts(byte[] buf) {
    long[] found = spans(buf);
    int spans = found.length;
    Arrays.sort(found, 0, spans);
    int[] out = new int[spans * 2];
    int k = 0;
    for (int i = 0; i < spans; ) {
      int hash = (int) (found[i] >>> 32);
      int bytes = 0;
      for (; i < spans && (int) (found[i] >>> 32) == hash; i++) {
        bytes += (int) found[i];
      }
      out[k++] = hash;
      out[k++] = bytes;
    }
    return Arrays.copyOf(out, k);
  }

  /**
   * The spans of {@code buf} in order, each as its hash {@code << 32 |} its bytes, unsummed: what
   * {@link #spanCounts} sorts and sums (no boxed map per blob).
   */
  static long[] spans(byte[] buf) {
    boolean text = !BlobContent.isBinary(buf);
    long[] found = new long[Math.max(16, buf.length / 24)];
    int spans = 0;
    int n = 0;
    int accum1 = 0;
    int accum2 = 0;
    for (int p = 0; p < buf.length; p++) {
      int c = buf[p] & 0xff;
      if (text && c == '\r' && p + 1 < buf.length && buf[p + 1] == '\n') {
        continue;
      }
      int old1 = accum1;
      accum1 = (accum1 << 7) ^ (accum2 >>> 25);
      accum2 = (accum2 << 7) ^ (old1 >>> 25);
      accum1 += c;
      if (++n < 64 && c != '\n') {
        continue;
      }
      long sum = ((accum1 & 0xffffffffL) + (accum2 & 0xffffffffL) * 0x61) & 0xffffffffL;
      if (spans == found.length) {
        found = Arrays.copyOf(found, spans * 2);
      }
      found[spans++] = (sum % HASHBASE) << 32 | n;
      n = 0;
      accum1 = 0;
      accum2 = 0;
    }
    return Arrays.copyOf(found, spans);
  }

  private static boolean regular(FileMode mode) {
    return (mode.getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
  }

  private static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** git orders paths by strcmp: byte by byte, unsigned. */
  static int byteOrder(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
