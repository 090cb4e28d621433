package dev.commitstats.ingest.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
}
