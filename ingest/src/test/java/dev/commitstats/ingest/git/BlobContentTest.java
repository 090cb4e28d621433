package dev.commitstats.ingest.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlobContentTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void linesAreCountedAsGitCountsThem() {
    assertThat(BlobContent.countLines(b(""))).isZero();
    assertThat(BlobContent.countLines(b("a"))).isEqualTo(1);
    assertThat(BlobContent.countLines(b("a\n"))).isEqualTo(1);
    assertThat(BlobContent.countLines(b("a\nb"))).isEqualTo(2);
    assertThat(BlobContent.countLines(b("a\r\nb\r\n"))).isEqualTo(2);
    assertThat(BlobContent.countLines(b("a\rb\rc"))).isEqualTo(1);
    assertThat(BlobContent.countLines(b("\n\n"))).isEqualTo(2);
  }

  @Test
  void binaryIsANulInTheFirst8000Bytes() {
    assertThat(BlobContent.isBinary(b("text\rwith lone CR"))).isFalse();
    assertThat(BlobContent.isBinary(b("a\0b"))).isTrue();
    byte[] late = new byte[9000];
    java.util.Arrays.fill(late, (byte) 'x');
    late[8500] = 0;
    assertThat(BlobContent.isBinary(late)).isFalse();
    late[7999] = 0;
    assertThat(BlobContent.isBinary(late)).isTrue();
  }

  /**
   * Eight bytes a step finds a NUL wherever it is, at every length and position around a step's
   * edges (and the 8,000-byte probe's), and no NUL where bytes only look like one (0x80, 0x01, 0xFF
   * next to each other, which borrow across a word's bytes).
   */
  @Test
  void aNulIsFoundAtEveryPositionAndNoneWhereThereIsNone() {
    byte[] tricky = {(byte) 0x80, 0x01, (byte) 0xFF, 0x7F, 0x01, 0x00 + 1, (byte) 0x81, 0x02};
    var random = new java.util.Random(7);
    for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 63, 7999, 8000, 8001, 8009}) {
      byte[] text = new byte[length];
      for (int i = 0; i < length; i++) {
        text[i] =
            random.nextBoolean() ? tricky[i % tricky.length] : (byte) (1 + random.nextInt(255));
      }
      assertThat(BlobContent.isBinary(text)).as("no NUL, %d bytes", length).isFalse();
      for (int at = 0; at < length; at++) {
        if (at > 40 && at < length - 40 && at % 97 != 0) {
          continue; // the edges, and a sample of the middle
        }
        byte kept = text[at];
        text[at] = 0;
        assertThat(BlobContent.isBinary(text))
            .as("NUL at %d of %d", at, length)
            .isEqualTo(at < 8000);
        text[at] = kept;
      }
    }
  }
}
