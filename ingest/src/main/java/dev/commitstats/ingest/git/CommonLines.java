package dev.commitstats.ingest.git;

import java.util.Arrays;

/**
 * The common leading and trailing whole lines of two texts, found on bytes: the new side's lines
 * there are the old side's lines, so they need no hashing of their own.
 */
record CommonLines(int prefix, int suffix) {

  /** {@code prefix} bytes from the start and {@code suffix} bytes from the end are common lines. */
  static CommonLines of(byte[] a, byte[] b) {
    int max = Math.min(a.length, b.length);
    int p = Arrays.mismatch(a, 0, max, b, 0, max);
    if (p < 0) {
      p = max;
    }
    // back to the start of the line the first difference is in
    int prefix = p;
    while (prefix > 0 && a[prefix - 1] != '\n') {
      prefix--;
    }
    if (prefix == max) {
      // one text is a prefix of the other: every line of the shorter one ends before the rest
      return new CommonLines(prefix, 0);
    }
    int limit = max - prefix;
    int s = 0;
    // compare backwards in chunks with the vectorized mismatch, then byte by byte
    while (s < limit) {
      int chunk = Math.min(256, limit - s);
      int m =
          Arrays.mismatch(
              a, a.length - s - chunk, a.length - s, b, b.length - s - chunk, b.length - s);
      if (m < 0) {
        s += chunk;
        continue;
      }
      int k = chunk - 1;
      while (k >= 0 && a[a.length - s - chunk + k] == b[b.length - s - chunk + k]) {
        k--;
      }
      s += chunk - 1 - k;
      break;
    }
    // forward to a line start on both sides: just after a newline inside the common tail, or at
    // the very start of the middle of a side
    int suffix = s;
    while (suffix > 0) {
      int ia = a.length - suffix;
      int ib = b.length - suffix;
      boolean lineStartA = ia == prefix || a[ia - 1] == '\n';
      boolean lineStartB = ib == prefix || b[ib - 1] == '\n';
      if (lineStartA && lineStartB) {
        break;
      }
      suffix--;
    }
    return new CommonLines(prefix, suffix);
  }
}
