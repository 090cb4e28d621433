package dev.commitstats.ingest.git;

/**
 * The common leading and trailing whole lines of two texts, found on bytes before any line map is
 * built, so that a small edit in a large file is diffed on its few changed lines only. Only lines
 * equal on both sides are cut, so the diff of the middle has the same numbers as the diff of the
 * whole (git's xdi_diff cuts the common tail the same way).
 */
record CommonLines(int prefix, int suffix) {

  /** {@code prefix} bytes from the start and {@code suffix} bytes from the end are common lines. */
  static CommonLines of(byte[] a, byte[] b) {
    int max = Math.min(a.length, b.length);
    int p = 0;
    while (p < max && a[p] == b[p]) {
      p++;
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
    while (s < limit && a[a.length - 1 - s] == b[b.length - 1 - s]) {
      s++;
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
