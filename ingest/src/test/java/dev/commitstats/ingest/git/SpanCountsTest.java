package dev.commitstats.ingest.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** git's span hashing for rename scores ({@code hash_chars}), as {@link GitRenames} sums it. */
class SpanCountsTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void spansEndAtANewlineOrAfter64BytesAndAnUnfinishedTailIsNotASpan() {
    long[] spans = GitRenames.spans(b("ab\r\n" + "x".repeat(130) + "\n" + "tail"));

    assertThat(java.util.Arrays.stream(spans).map(span -> (int) span).toArray())
        .containsExactly(3, 64, 64, 3);
  }

  @Test
  void aRepeatedLineIsOneSpanHashWithAllItsBytes() {
    int[] counts = GitRenames.spanCounts(b("same line\n".repeat(50)));

    assertThat(counts).hasSize(2);
    assertThat(counts[1]).isEqualTo(500);
  }

  @Test
  void hashesAscendAndTheBytesAddUpToTheTextWithoutCarriageReturnsBeforeNewlines() {
    var text = new StringBuilder();
    var random = new Random(7);
    for (int i = 0; i < 400; i++) {
      text.append("line ").append(random.nextInt(90)).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    text.append("x".repeat(200)).append('\n');
    byte[] buf = b(text.toString());
    long carriageReturns = text.chars().filter(c -> c == '\r').count();

    int[] counts = GitRenames.spanCounts(buf);

    long total = 0;
    for (int i = 0; i < counts.length; i += 2) {
      if (i > 0) {
        assertThat(counts[i]).isGreaterThan(counts[i - 2]);
      }
      total += counts[i + 1];
    }
    assertThat(total).isEqualTo(buf.length - carriageReturns);
    assertThat(GitRenames.copied(counts, counts)).isEqualTo(total);
  }

  @Test
  void theOrderOfLinesDoesNotChangeTheCounts() {
    var lines = new ArrayList<String>();
    for (int i = 0; i < 300; i++) {
      lines.add("value = " + (i % 37) + "\n");
    }
    int[] before = GitRenames.spanCounts(b(String.join("", lines)));
    Collections.shuffle(lines, new Random(3));

    assertThat(GitRenames.spanCounts(b(String.join("", lines)))).isEqualTo(before);
  }

  @Test
  void sumsTheSpansInOrderAsASortedMapWouldOnRandomTextAndBinaryContent() {
    var random = new Random(11);
    for (int round = 0; round < 200; round++) {
      byte[] buf = new byte[random.nextInt(3000)];
      boolean binary = round % 4 == 0;
      for (int i = 0; i < buf.length; i++) {
        int r = random.nextInt(binary ? 256 : 24);
        buf[i] = (byte) (binary ? r : r == 0 ? '\n' : r == 1 ? '\r' : 'a' + r % 5);
      }

      assertThat(GitRenames.spanCounts(buf)).as("round %d", round).isEqualTo(byMap(buf));
    }
  }

  /** The spans in order, summed per hash in a sorted map: the plain statement of spanCounts. */
  private static int[] byMap(byte[] buf) {
    var sums = new TreeMap<Integer, Integer>();
    for (long span : GitRenames.spans(buf)) {
      sums.merge((int) (span >>> 32), (int) span, Integer::sum);
    }
    List<Integer> out = new ArrayList<>();
    sums.forEach(
        (hash, bytes) -> {
          out.add(hash);
          out.add(bytes);
        });
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
