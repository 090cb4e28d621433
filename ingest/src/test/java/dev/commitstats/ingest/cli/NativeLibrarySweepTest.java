package dev.commitstats.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrarySweepTest {
  @TempDir Path tmp;

  @Test
  void removesOnlyStaleDuckDbCopies() throws Exception {
    Path stale = Files.writeString(tmp.resolve("libduckdb_java123.so"), "x");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
    Path fresh = Files.writeString(tmp.resolve("libduckdb_java456.so"), "x");
    Path other = Files.writeString(tmp.resolve("libother.so"), "x");
    Files.setLastModifiedTime(other, FileTime.from(Instant.now().minusSeconds(3600)));

    assertThat(NativeLibrarySweep.sweep(tmp)).isEqualTo(1);
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertThat(other).exists();
  }
}
