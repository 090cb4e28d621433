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
  void agreesWithASummingMapOnRandomTextAndBinaryContent() {
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

  /** The same hashing summed in a sorted map: the plain statement of what spanCounts returns. */
  private static int[] byMap(byte[] buf) {
    boolean text = !BlobContent.isBinary(buf);
    var sums = new TreeMap<Integer, Integer>();
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
      sums.merge((int) (sum % 107927), n, Integer::sum);
      n = 0;
      accum1 = 0;
      accum2 = 0;
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
