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
}
