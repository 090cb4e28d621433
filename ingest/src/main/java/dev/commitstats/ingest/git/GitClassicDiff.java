package dev.commitstats.ingest.git;

import java.util.Arrays;

/**
 * git's "classic" diff, where its histogram diff falls back when every common line of a region is
 * too frequent: not a minimal edit script but Myers' bisection with git's shortcuts, which is why a
 * minimal Myers counts fewer lines there. The steps, as git's xdiff takes them:
 *
 * <ol>
 *   <li>common leading and trailing lines are left out;
 *   <li>lines with no match on the other side are changed outright; lines with very many matches
 *       (at least about the square root of the side's length, at most 1,024) are changed too when
 *       they sit inside a run of such lines and unmatched ones;
 *   <li>the rest is bisected at the middle snake; a search that gets expensive settles for a split
 *       after a long enough snake (20 equal lines) or, past a cost limit, for the furthest reaching
 *       path.
 * </ol>
 */
final class GitClassicDiff {
  private GitClassicDiff() {}

  private static final int MAX_EQ_LIMIT = 1024;
  private static final int SIMSCAN_WINDOW = 100;
  private static final int KPDIS_RUN = 4;
  private static final int MAX_COST_MIN = 256;
  private static final int HEUR_MIN_COST = 256;
  private static final int SNAKE_CNT = 20;
  private static final int K_HEUR = 4;
  private static final int LINE_MAX = Integer.MAX_VALUE;

  /**
   * Marks the changed lines of {@code ca[line1, line1+count1)} against {@code cb[line2,
   * line2+count2)} (line classes, compared as ints).
   */
  static void diff(
      int[] ca,
      int line1,
      int count1,
      int[] cb,
      int line2,
      int count2,
      int classes,
      boolean[] changedA,
      boolean[] changedB) {
    int[] x = Arrays.copyOfRange(ca, line1, line1 + count1);
    int[] y = Arrays.copyOfRange(cb, line2, line2 + count2);

    // leading and trailing common lines
    int lim = Math.min(x.length, y.length);
    int start = 0;
    while (start < lim && x[start] == y[start]) {
      start++;
    }
    int tail = 0;
    while (tail < lim - start && x[x.length - 1 - tail] == y[y.length - 1 - tail]) {
      tail++;
    }
    int end1 = x.length - tail - 1;
    int end2 = y.length - tail - 1;

    // occurrences of each line on each side, over the whole region
    int[] in1 = new int[classes];
    int[] in2 = new int[classes];
    for (int c : x) {
      in1[c]++;
    }
    for (int c : y) {
      in2[c]++;
    }
    int[] kept1 = cleanup(x, start, end1, in2, line1, changedA);
    int[] kept2 = cleanup(y, start, end2, in1, line2, changedB);
    int n1 = kept1.length;
    int n2 = kept2.length;
    int[] ha1 = new int[n1];
    int[] ha2 = new int[n2];
    for (int i = 0; i < n1; i++) {
      ha1[i] = x[kept1[i]];
    }
    for (int i = 0; i < n2; i++) {
      ha2[i] = y[kept2[i]];
    }
    var myers = new Bisection(ha1, ha2);
    myers.compare();
    for (int i = 0; i < n1; i++) {
      if (myers.changed1[i]) {
        changedA[line1 + kept1[i]] = true;
      }
    }
    for (int i = 0; i < n2; i++) {
      if (myers.changed2[i]) {
        changedB[line2 + kept2[i]] = true;
      }
    }
  }

  /**
   * Lines of {@code side[start, end]} that take part in the search, as indexes into {@code side};
   * the others are marked changed. {@code otherCounts}: occurrences of each line on the other side.
   */
  private static int[] cleanup(
      int[] side, int start, int end, int[] otherCounts, int offset, boolean[] changed) {
    int mlim = Math.min(bogoSqrt(side.length), MAX_EQ_LIMIT);
    int n = Math.max(0, end - start + 1);
    byte[] dis = new byte[side.length];
    for (int i = start; i <= end; i++) {
      int nm = otherCounts[side[i]];
      dis[i] = (byte) (nm == 0 ? 0 : nm >= mlim ? 2 : 1);
    }
    int[] kept = new int[n];
    int k = 0;
    for (int i = start; i <= end; i++) {
      if (dis[i] == 1 || (dis[i] == 2 && !discardMultimatch(dis, i, start, end))) {
        kept[k++] = i;
      } else {
        changed[offset + i] = true;
      }
    }
    return Arrays.copyOf(kept, k);
  }

  /**
   * Whether a line with many matches sits among lines with none (and other many-match lines)
   * closely enough to be treated as changed: looking at most 100 lines each way, the runs on both
   * sides must contain unmatched lines, and many-match lines must be under a quarter of the runs.
   */
  private static boolean discardMultimatch(byte[] dis, int i, int s, int e) {
    if (i - s > SIMSCAN_WINDOW) {
      s = i - SIMSCAN_WINDOW;
    }
    if (e - i > SIMSCAN_WINDOW) {
      e = i + SIMSCAN_WINDOW;
    }
    int rdis0 = 0;
    int rpdis0 = 1;
    for (int r = 1; i - r >= s; r++) {
      if (dis[i - r] == 0) {
        rdis0++;
      } else if (dis[i - r] == 2) {
        rpdis0++;
      } else {
        break;
      }
    }
    if (rdis0 == 0) {
      return false;
    }
    int rdis1 = 0;
    int rpdis1 = 1;
    for (int r = 1; i + r <= e; r++) {
      if (dis[i + r] == 0) {
        rdis1++;
      } else if (dis[i + r] == 2) {
        rpdis1++;
      } else {
        break;
      }
    }
    if (rdis1 == 0) {
      return false;
    }
    rdis1 += rdis0;
    rpdis1 += rpdis0;
    return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
  }

  /** The integer square root estimate git uses: a power of two. */
  static int bogoSqrt(long n) {
    int i = 1;
    for (long v = n; v > 0; v >>= 2) {
      i <<= 1;
    }
    return i;
  }

  /** Myers' bisection over two int sequences with git's cost heuristics. */
  private static final class Bisection {
    final int[] ha1;
    final int[] ha2;
    final boolean[] changed1;
    final boolean[] changed2;
    private final int[] kvdf;
    private final int[] kvdb;
    private final int base;
    private final int maxCost;

    // the split found by the last split()
    private int spI1;
    private int spI2;
    private boolean minLo;
    private boolean minHi;

    Bisection(int[] ha1, int[] ha2) {
      this.ha1 = ha1;
      this.ha2 = ha2;
      this.changed1 = new boolean[ha1.length];
      this.changed2 = new boolean[ha2.length];
      int ndiags = ha1.length + ha2.length + 3;
      this.kvdf = new int[ndiags];
      this.kvdb = new int[ndiags];
      this.base = ha2.length + 1;
      this.maxCost = Math.max(bogoSqrt(ndiags), MAX_COST_MIN);
    }

    void compare() {
      // off1, lim1, off2, lim2, needMin
      int[] stack = new int[5 * 64];
      int top = 0;
      stack[top++] = 0;
      stack[top++] = ha1.length;
      stack[top++] = 0;
      stack[top++] = ha2.length;
      stack[top++] = 0;
      while (top > 0) {
        boolean needMin = stack[--top] != 0;
        int lim2 = stack[--top];
        int off2 = stack[--top];
        int lim1 = stack[--top];
        int off1 = stack[--top];
        while (off1 < lim1 && off2 < lim2 && ha1[off1] == ha2[off2]) {
          off1++;
          off2++;
        }
        while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] == ha2[lim2 - 1]) {
          lim1--;
          lim2--;
        }
        if (off1 == lim1) {
          Arrays.fill(changed2, off2, lim2, true);
        } else if (off2 == lim2) {
          Arrays.fill(changed1, off1, lim1, true);
        } else {
          split(off1, lim1, off2, lim2, needMin);
          if (top + 10 > stack.length) {
            stack = Arrays.copyOf(stack, stack.length * 2);
          }
          int i1 = spI1;
          int i2 = spI2;
          boolean lo = minLo;
          boolean hi = minHi;
          stack[top++] = off1;
          stack[top++] = i1;
          stack[top++] = off2;
          stack[top++] = i2;
          stack[top++] = lo ? 1 : 0;
          stack[top++] = i1;
          stack[top++] = lim1;
          stack[top++] = i2;
          stack[top++] = lim2;
          stack[top++] = hi ? 1 : 0;
        }
      }
    }

    private int f(int d) {
      return kvdf[base + d];
    }

    private void f(int d, int v) {
      kvdf[base + d] = v;
    }

    private int b(int d) {
      return kvdb[base + d];
    }

    private void b(int d, int v) {
      kvdb[base + d] = v;
    }

    private void found(int i1, int i2, boolean lo, boolean hi) {
      spI1 = i1;
      spI2 = i2;
      minLo = lo;
      minHi = hi;
    }

    private void split(int off1, int lim1, int off2, int lim2, boolean needMin) {
      int dmin = off1 - lim2;
      int dmax = lim1 - off2;
      int fmid = off1 - off2;
      int bmid = lim1 - lim2;
      boolean odd = ((fmid - bmid) & 1) != 0;
      int fmin = fmid;
      int fmax = fmid;
      int bmin = bmid;
      int bmax = bmid;
      f(fmid, off1);
      b(bmid, lim1);
      for (int ec = 1; ; ec++) {
        boolean gotSnake = false;
        if (fmin > dmin) {
          f(--fmin - 1, -1);
        } else {
          ++fmin;
        }
        if (fmax < dmax) {
          f(++fmax + 1, -1);
        } else {
          --fmax;
        }
        for (int d = fmax; d >= fmin; d -= 2) {
          int i1 = f(d - 1) >= f(d + 1) ? f(d - 1) + 1 : f(d + 1);
          int prev1 = i1;
          int i2 = i1 - d;
          while (i1 < lim1 && i2 < lim2 && ha1[i1] == ha2[i2]) {
            i1++;
            i2++;
          }
          if (i1 - prev1 > SNAKE_CNT) {
            gotSnake = true;
          }
          f(d, i1);
          if (odd && bmin <= d && d <= bmax && b(d) <= i1) {
            found(i1, i2, true, true);
            return;
          }
        }
        if (bmin > dmin) {
          b(--bmin - 1, LINE_MAX);
        } else {
          ++bmin;
        }
        if (bmax < dmax) {
          b(++bmax + 1, LINE_MAX);
        } else {
          --bmax;
        }
        for (int d = bmax; d >= bmin; d -= 2) {
          int i1 = b(d - 1) < b(d + 1) ? b(d - 1) : b(d + 1) - 1;
          int prev1 = i1;
          int i2 = i1 - d;
          while (i1 > off1 && i2 > off2 && ha1[i1 - 1] == ha2[i2 - 1]) {
            i1--;
            i2--;
          }
          if (prev1 - i1 > SNAKE_CNT) {
            gotSnake = true;
          }
          b(d, i1);
          if (!odd && fmin <= d && d <= fmax && i1 <= f(d)) {
            found(i1, i2, true, true);
            return;
          }
        }
        if (needMin) {
          continue;
        }
        if (gotSnake && ec > HEUR_MIN_COST) {
          long best = 0;
          for (int d = fmax; d >= fmin; d -= 2) {
            int dd = d > fmid ? d - fmid : fmid - d;
            int i1 = f(d);
            int i2 = i1 - d;
            long v = (long) (i1 - off1) + (i2 - off2) - dd;
            if (v > (long) K_HEUR * ec
                && v > best
                && off1 + SNAKE_CNT <= i1
                && i1 < lim1
                && off2 + SNAKE_CNT <= i2
                && i2 < lim2) {
              for (int k = 1; ha1[i1 - k] == ha2[i2 - k]; k++) {
                if (k == SNAKE_CNT) {
                  best = v;
                  spI1 = i1;
                  spI2 = i2;
                  break;
                }
              }
            }
          }
          if (best > 0) {
            minLo = true;
            minHi = false;
            return;
          }
          for (int d = bmax; d >= bmin; d -= 2) {
            int dd = d > bmid ? d - bmid : bmid - d;
            int i1 = b(d);
            int i2 = i1 - d;
            long v = (long) (lim1 - i1) + (lim2 - i2) - dd;
            if (v > (long) K_HEUR * ec
                && v > best
                && off1 < i1
                && i1 <= lim1 - SNAKE_CNT
                && off2 < i2
                && i2 <= lim2 - SNAKE_CNT) {
              for (int k = 0; ha1[i1 + k] == ha2[i2 + k]; k++) {
                if (k == SNAKE_CNT - 1) {
                  best = v;
                  spI1 = i1;
                  spI2 = i2;
                  break;
                }
              }
            }
          }
          if (best > 0) {
            minLo = false;
            minHi = true;
            return;
          }
        }
        if (ec >= maxCost) {
          long fbest = -1;
          int fbest1 = -1;
          for (int d = fmax; d >= fmin; d -= 2) {
            int i1 = Math.min(f(d), lim1);
            int i2 = i1 - d;
            if (lim2 < i2) {
              i1 = lim2 + d;
              i2 = lim2;
            }
            if (fbest < (long) i1 + i2) {
              fbest = (long) i1 + i2;
              fbest1 = i1;
            }
          }
          long bbest = Long.MAX_VALUE;
          int bbest1 = LINE_MAX;
          for (int d = bmax; d >= bmin; d -= 2) {
            int i1 = Math.max(off1, b(d));
            int i2 = i1 - d;
            if (i2 < off2) {
              i1 = off2 + d;
              i2 = off2;
            }
            if ((long) i1 + i2 < bbest) {
              bbest = (long) i1 + i2;
              bbest1 = i1;
            }
          }
          if ((long) (lim1 + lim2) - bbest < fbest - (off1 + off2)) {
            found(fbest1, (int) (fbest - fbest1), true, false);
          } else {
            found(bbest1, (int) (bbest - bbest1), false, true);
          }
          return;
        }
      }
    }
  }
}
