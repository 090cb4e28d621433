package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statuses of local files: their permission, owner and group as the file system has them. */
class NioLocalFileSystemTest {
  @TempDir Path tmp;

  @Test
  void listedStatusesCarryThePermissionOwnerAndGroupOfEachFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("raw/commits/repo_id=a"));
    Path file = Files.writeString(dir.resolve("b.parquet"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x--x"));
    var fs = new NioLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), new Configuration());

    RemoteIterator<LocatedFileStatus> it =
        fs.listFiles(new org.apache.hadoop.fs.Path(tmp.resolve("raw").toUri()), true);
    assertThat(it.hasNext()).isTrue();
    LocatedFileStatus located = it.next();
    assertThat(located.getPath().getName()).isEqualTo("b.parquet");
    assertThat(located.getPermission().toString()).isEqualTo("rw-r-----");
    assertThat(located.getOwner()).isEqualTo(Files.getOwner(file).getName());
    assertThat(it.hasNext()).isFalse();

    FileStatus folder = fs.getFileStatus(new org.apache.hadoop.fs.Path(dir.toUri()));
    assertThat(folder.isDirectory()).isTrue();
    assertThat(folder.getPermission().toString()).isEqualTo("rwxr-x--x");
    // a plain status: Hadoop's own (DeprecatedRawLocalFileStatus) would fork ls -ld to know these
    assertThat(folder.getClass()).isEqualTo(FileStatus.class);
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(dir.toUri()))[0].getClass())
        .isEqualTo(FileStatus.class);
  }
}
