package dev.commitstats.ingest.git;

import java.util.Arrays;

/**
 * Line counts of a modification as {@code git diff --numstat --diff-algorithm=histogram} finds
 * them. git's numstat path differs from jgit's {@code HistogramDiff} in ways that change the
 * numbers on about 0.2% of real commits, so this follows git's steps:
 *
 * <ol>
 *   <li>only the common <em>tail</em> is cut, in whole 1,024-byte blocks, then given back up to the
 *       first newline (git trims no common prefix for histogram);
 *   <li>lines are compared by content, including their newline;
 *   <li>a region is split at the longest common run anchored on its rarest line in the old side
 *       (ties: the first found scanning the new side, a longer run or a rarer line wins), and both
 *       sides are diffed again;
 *   <li>a region whose common lines all occur more than 64 times falls back to git's classic diff.
 * </ol>
 *
 * <p>The fallback is git's classic diff too ({@link GitClassicDiff}).
 */
final class GitHistogramDiff {
  private static final int MAX_CHAIN_LENGTH = 64;

  // lines, 1-based as in git: line i of a is ca[i]
  private int[] ca;
  private int[] cb;
  private boolean[] changedA;
  private boolean[] changedB;

  // the index of one region of a, by line class
  private int[] recPtr = new int[0];
  private int[] recCnt = new int[0];
  private int[] recGen = new int[0];
  private int generation;
  private int[] nextPtr = new int[0];
  private int classCount;

  /** Regions that fell back to Myers in the last {@link #count}, for tests and diagnosis. */
  int fallbacks;

  // the state of one longest-common-sequence search
  private int lcsBegin1;
  private int lcsBegin2;
  private int lcsEnd1;
  private int lcsEnd2;
  private int bestCnt;
  private boolean hasCommon;

  /** {added, deleted} lines from {@code a} to {@code b}. */
  long[] count(byte[] a, byte[] b) {
    var classes = new LineClasses(Math.max(16, (a.length + b.length) / 32));
    ca = classes.classify(a, 0, a.length);
    // the new side's common leading and trailing lines are the old side's: same bytes, same class
    CommonLines common = CommonLines.of(a, b);
    int[] endsA = classes.lastEnds();
    int prefixLines = linesEndingBy(endsA, ca.length - 1, common.prefix());
    int suffixLines =
        ca.length - 1 - linesEndingBy(endsA, ca.length - 1, a.length - common.suffix());
    int[] middle = classes.classify(b, common.prefix(), b.length - common.suffix());
    int middleLines = middle.length - 1;
    cb = new int[prefixLines + middleLines + suffixLines + 1];
    System.arraycopy(ca, 1, cb, 1, prefixLines);
    System.arraycopy(middle, 1, cb, 1 + prefixLines, middleLines);
    System.arraycopy(ca, ca.length - suffixLines, cb, 1 + prefixLines + middleLines, suffixLines);
    classCount = classes.size();
    int n1 = ca.length - 1;
    int n2 = cb.length - 1;
    changedA = new boolean[n1 + 1];
    changedB = new boolean[n2 + 1];
    int k = classes.size();
    if (recPtr.length < k) {
      recPtr = new int[k];
      recCnt = new int[k];
      recGen = new int[k];
      generation = 0;
    }
    if (nextPtr.length < n1 + 1) {
      nextPtr = new int[n1 + 1];
    }
    fallbacks = 0;
    diff(1, n1, 1, n2);
    long added = 0;
    long deleted = 0;
    for (int i = 1; i <= n2; i++) {
      if (changedB[i]) {
        added++;
      }
    }
    for (int i = 1; i <= n1; i++) {
      if (changedA[i]) {
        deleted++;
      }
    }
    return new long[] {added, deleted};
  }

  /** How many of the first {@code n} lines end at or before byte {@code offset}. */
  private static int linesEndingBy(int[] ends, int n, int offset) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid + 1] <= offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Marks the changed lines of the regions [line1, line1+count1) and [line2, line2+count2). */
  private void diff(int line1, int count1, int line2, int count2) {
    // the order regions are done in does not change which lines are marked: a stack, no recursion
    var stack = new int[64];
    int top = 0;
    stack[top++] = line1;
    stack[top++] = count1;
    stack[top++] = line2;
    stack[top++] = count2;
    while (top > 0) {
      int c2 = stack[--top];
      int l2 = stack[--top];
      int c1 = stack[--top];
      int l1 = stack[--top];
      if (c1 <= 0 && c2 <= 0) {
        continue;
      }
      if (c1 <= 0) {
        mark(changedB, l2, c2);
        continue;
      }
      if (c2 <= 0) {
        mark(changedA, l1, c1);
        continue;
      }
      if (findLcs(l1, c1, l2, c2)) {
        fallBack(l1, c1, l2, c2);
        continue;
      }
      if (lcsBegin1 == 0 && lcsBegin2 == 0) {
        mark(changedA, l1, c1);
        mark(changedB, l2, c2);
        continue;
      }
      int b1 = lcsBegin1;
      int b2 = lcsBegin2;
      int e1 = lcsEnd1;
      int e2 = lcsEnd2;
      if (top + 8 > stack.length) {
        stack = Arrays.copyOf(stack, stack.length * 2);
      }
      stack[top++] = l1;
      stack[top++] = b1 - l1;
      stack[top++] = l2;
      stack[top++] = b2 - l2;
      stack[top++] = e1 + 1;
      stack[top++] = l1 + c1 - 1 - e1;
      stack[top++] = e2 + 1;
      stack[top++] = l2 + c2 - 1 - e2;
    }
  }

  private static void mark(boolean[] changed, int from, int count) {
    Arrays.fill(changed, from, from + count, true);
  }

  /** Finds the split of a region; true when it must fall back to Myers instead. */
  private boolean findLcs(int line1, int count1, int line2, int count2) {
    generation++;
    int end1 = line1 + count1 - 1;
    for (int ptr = end1; ptr >= line1; ptr--) {
      int c = ca[ptr];
      if (recGen[c] == generation) {
        nextPtr[ptr] = recPtr[c];
        recPtr[c] = ptr;
        if (recCnt[c] < Integer.MAX_VALUE) {
          recCnt[c]++;
        }
      } else {
        recGen[c] = generation;
        recPtr[c] = ptr;
        recCnt[c] = 1;
        nextPtr[ptr] = 0;
      }
    }
    bestCnt = MAX_CHAIN_LENGTH + 1;
    hasCommon = false;
    lcsBegin1 = 0;
    lcsBegin2 = 0;
    lcsEnd1 = 0;
    lcsEnd2 = 0;
    int end2 = line2 + count2 - 1;
    for (int bPtr = line2; bPtr <= end2; ) {
      bPtr = tryLcs(bPtr, line1, end1, line2, end2);
    }
    return hasCommon && MAX_CHAIN_LENGTH < bestCnt;
  }

  private int count(int ptr) {
    return recCnt[ca[ptr]];
  }

  private int tryLcs(int bPtr, int line1, int end1, int line2, int end2) {
    int bNext = bPtr + 1;
    int c = cb[bPtr];
    if (recGen[c] != generation) {
      return bNext;
    }
    if (recCnt[c] > bestCnt) {
      hasCommon = true;
      return bNext;
    }
    hasCommon = true;
    int as = recPtr[c];
    while (true) {
      int np = nextPtr[as];
      int bs = bPtr;
      int ae = as;
      int be = bs;
      int rc = recCnt[c];
      while (line1 < as && line2 < bs && ca[as - 1] == cb[bs - 1]) {
        as--;
        bs--;
        if (1 < rc) {
          rc = Math.min(rc, count(as));
        }
      }
      while (ae < end1 && be < end2 && ca[ae + 1] == cb[be + 1]) {
        ae++;
        be++;
        if (1 < rc) {
          rc = Math.min(rc, count(ae));
        }
      }
      if (bNext <= be) {
        bNext = be + 1;
      }
      if (lcsEnd1 - lcsBegin1 < ae - as || rc < bestCnt) {
        lcsBegin1 = as;
        lcsBegin2 = bs;
        lcsEnd1 = ae;
        lcsEnd2 = be;
        bestCnt = rc;
      }
      if (np == 0) {
        break;
      }
      while (np <= ae) {
        np = nextPtr[np];
        if (np == 0) {
          return bNext;
        }
      }
      as = np;
    }
    return bNext;
  }

  /** Regions whose common lines are all too frequent: git's classic diff, as git does. */
  private void fallBack(int line1, int count1, int line2, int count2) {
    fallbacks++;
    GitClassicDiff.diff(ca, line1, count1, cb, line2, count2, classCount, changedA, changedB);
  }

  /**
   * Numbers each distinct line (its bytes, newline included) once across both sides, so that lines
   * compare as ints.
   */
  private static final class LineClasses {
    // open addressing, one long per slot: the line's hash << 32 | its id + 1 (0: empty), so a
    // probe compares hashes without touching another array
    private long[] slots;
    // per id: where its bytes are, start << 32 | side << 31 | length
    private long[] spans;
    // the (at most two) texts being classified; a span's side picks one
    private final byte[][] texts = new byte[2][];
    private int size;

    LineClasses(int expected) {
      int cap = Integer.highestOneBit(Math.max(16, expected) * 2);
      slots = new long[cap];
      spans = new long[cap / 2];
    }

    int size() {
      return size;
    }

    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private int[] ends = new int[16];

    /** Byte offsets just past each line of the last {@link #classify} (1-based, like its ids). */
    int[] lastEnds() {
      return ends;
    }

    /**
     * Class ids of the lines of {@code text[from, to)}, 1-based (index 0 unused). Lines are hashed
     * eight bytes at a time.
     */
    int[] classify(byte[] text, int from, int to) {
      int[] out = new int[Math.max(16, (to - from) / 24 + 2)];
      int line = 1;
      int start = from;
      while (start < to) {
        long h = 0x9E3779B97F4A7C15L;
        int p = start;
        int end = -1;
        while (p + 8 <= to) {
          long w = (long) Words.LONGS.get(text, p);
          long found = Words.zeroByte(w ^ NEWLINES);
          if (found != 0) {
            // the first newline's byte k: found's lowest bit is bit 8k+7 (bytes above it may be
            // false positives). The line's bytes of w are those up to that bit (all of w for
            // k = 7, where the shift overflows to 0), and k is read off a multiplication, with no
            // call (C1 compiles Long.numberOfTrailingZeros as two calls)
            long low = found & -found;
            long mask = (low << 1) - 1;
            int k = (int) (((low >>> 7) * 0x0001020304050607L) >>> 56);
            h = (h ^ (w & mask)) * 0xBF58476D1CE4E5B9L;
            end = p + k + 1;
            break;
          }
          h = (h ^ w) * 0xBF58476D1CE4E5B9L;
          p += 8;
        }
        if (end < 0) {
          long tail = 0;
          int shift = 0;
          while (p < to) {
            byte c = text[p++];
            tail |= (c & 0xFFL) << shift;
            shift += 8;
            if (c == '\n') {
              break;
            }
          }
          h = (h ^ tail) * 0xBF58476D1CE4E5B9L;
          end = p;
        }
        int hash = (int) (h ^ (h >>> 32));
        if (line == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        if (line >= ends.length) {
          ends = Arrays.copyOf(ends, Math.max(out.length, line * 2));
        }
        ends[line] = end;
        out[line++] = intern(text, start, end - start, hash);
        start = end;
      }
      return Arrays.copyOf(out, line);
    }

    private int intern(byte[] text, int start, int len, int hash) {
      int mask = slots.length - 1;
      int i = (hash ^ (hash >>> 16)) & mask;
      while (true) {
        long slot = slots[i];
        if (slot == 0) {
          break;
        }
        if ((int) (slot >>> 32) == hash) {
          int id = (int) slot - 1;
          long span = spans[id];
          if ((int) (span & 0x7FFFFFFF) == len
              && same(texts[(int) (span >>> 31) & 1], (int) (span >>> 32), text, start, len)) {
            return id;
          }
        }
        i = (i + 1) & mask;
      }
      if (size == spans.length) {
        grow();
        return intern(text, start, len, hash);
      }
      int id = size++;
      spans[id] = (long) start << 32 | (long) side(text) << 31 | len;
      slots[i] = (long) hash << 32 | (id + 1);
      return id;
    }

    /** Which of the two texts {@code text} is, taking it as the second when it is new. */
    private int side(byte[] text) {
      if (texts[0] == text) {
        return 0;
      }
      if (texts[0] == null) {
        texts[0] = text;
        return 0;
      }
      if (texts[1] == null) {
        texts[1] = text;
      }
      if (texts[1] != text) {
        throw new IllegalStateException("line classes hold lines of two texts at most");
      }
      return 1;
    }

    /**
     * Whether {@code len} bytes of {@code a} from {@code i} and of {@code b} from {@code j} are the
     * same, eight at a time: inlined by C1 too, where {@code Arrays.equals} is three calls.
     */
    private static boolean same(byte[] a, int i, byte[] b, int j, int len) {
      int k = 0;
      for (; k + 8 <= len; k += 8) {
        if ((long) Words.LONGS.get(a, i + k) != (long) Words.LONGS.get(b, j + k)) {
          return false;
        }
      }
      for (; k < len; k++) {
        if (a[i + k] != b[j + k]) {
          return false;
        }
      }
      return true;
    }

    private void grow() {
      int cap = slots.length * 2;
      spans = Arrays.copyOf(spans, cap / 2);
      long[] old = slots;
      slots = new long[cap];
      int mask = cap - 1;
      for (long slot : old) {
        if (slot != 0) {
          int h = (int) (slot >>> 32);
          int i = (h ^ (h >>> 16)) & mask;
          while (slots[i] != 0) {
            i = (i + 1) & mask;
          }
          slots[i] = slot;
        }
      }
    }
  }
}
