package dev.commitstats.ingest.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommonLinesTest {

  private static byte[] b(String s) {
    return s.replace("|", "\n").getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource({
    "a|b|c|, a|X|c|, 2, 2",
    "a|b|c|, a|b|c|d|, 6, 0",
    "a|b, a|b|, 2, 0",
    "x|x|, x|, 2, 0",
    "same|, same|, 5, 0",
    "ab|, b|, 0, 0",
    "a|tail|, b|tail|, 0, 5",
    "pre|mid|end, pre|MID|end, 4, 3"
  })
  void cutsOnlyWholeCommonLines(String a, String b, int prefix, int suffix) {
    assertThat(CommonLines.of(b(a), b(b))).isEqualTo(new CommonLines(prefix, suffix));
  }

  /** Diffing the middle gives the numbers of diffing the whole, on many random edits. */
  @Test
  void theMiddleDiffsLikeTheWhole() {
    var rnd = new Random(42);
    var algo = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);
    for (int round = 0; round < 3000; round++) {
      var sb = new StringBuilder();
      int n = rnd.nextInt(30);
      for (int i = 0; i < n; i++) {
        sb.append((char) ('a' + rnd.nextInt(4))).append(rnd.nextBoolean() ? "\n" : "");
      }
      String x = sb.toString();
      var y = new StringBuilder(x);
      for (int e = rnd.nextInt(4); e >= 0 && y.length() > 0; e--) {
        int at = rnd.nextInt(y.length());
        switch (rnd.nextInt(3)) {
          case 0 -> y.insert(at, (char) ('a' + rnd.nextInt(4)) + (rnd.nextBoolean() ? "\n" : ""));
          case 1 -> y.deleteCharAt(at);
          default -> y.setCharAt(at, rnd.nextBoolean() ? '\n' : 'z');
        }
      }
      byte[] a = x.getBytes(StandardCharsets.UTF_8);
      byte[] c = y.toString().getBytes(StandardCharsets.UTF_8);
      CommonLines common = CommonLines.of(a, c);
      long[] whole = totals(algo.diff(RawTextComparator.DEFAULT, new RawText(a), new RawText(c)));
      long[] middle =
          totals(
              algo.diff(
                  RawTextComparator.DEFAULT,
                  new RawText(
                      java.util.Arrays.copyOfRange(a, common.prefix(), a.length - common.suffix())),
                  new RawText(
                      java.util.Arrays.copyOfRange(
                          c, common.prefix(), c.length - common.suffix()))));
      assertThat(middle).as("%s -> %s", x, y).isEqualTo(whole);
    }
  }

  private static long[] totals(java.util.List<Edit> edits) {
    long add = 0;
    long del = 0;
    for (Edit e : edits) {
      add += e.getLengthB();
      del += e.getLengthA();
    }
    return new long[] {add, del};
  }
}
