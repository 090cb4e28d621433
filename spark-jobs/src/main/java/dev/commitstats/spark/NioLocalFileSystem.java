package dev.commitstats.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system without its shell-outs. Without Hadoop's native library (not on Maven
 * Central), {@code RawLocalFileSystem} forks {@code chmod} for every file and folder it creates and
 * {@code readlink} for every rename Delta commits: over 500 processes for one small transform, most
 * of its run time. This one sets permissions and reads links through java.nio instead. Registered
 * for {@code file:} in local sessions only ({@link SparkSessions}).
 */
public class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-less) file system with java.nio permissions and link checks. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path path = pathToFile(p).toPath();
      try {
        Files.setPosixFilePermissions(path, posix(permission.toShort()));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission); // not a POSIX file system: Hadoop's own way
      }
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
        return getFileStatus(f);
      }
      return super.getFileLinkStatus(f);
    }

    /**
     * Statuses with their permission, owner and group read through java.nio: Hadoop's own load them
     * lazily by forking {@code ls -ld} per file, which every {@code LocatedFileStatus} (a recursive
     * listing, Spark's file index) asks for.
     */
    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return withAttributes(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      FileStatus[] raw = super.listStatus(f);
      FileStatus[] out = new FileStatus[raw.length];
      for (int i = 0; i < raw.length; i++) {
        out[i] = withAttributes(raw[i]);
      }
      return out;
    }

    private FileStatus withAttributes(FileStatus s) throws IOException {
      java.nio.file.Path p = pathToFile(s.getPath()).toPath();
      java.nio.file.attribute.PosixFileAttributes a;
      try {
        a =
            Files.readAttributes(
                p,
                java.nio.file.attribute.PosixFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException e) {
        return s; // not a POSIX file system: Hadoop's own way
      } catch (java.nio.file.NoSuchFileException e) {
        throw new java.io.FileNotFoundException(s.getPath() + " does not exist");
      }
      var permission =
          FsPermission.valueOf(
              "-" + java.nio.file.attribute.PosixFilePermissions.toString(a.permissions()));
      return new FileStatus(
          s.getLen(),
          s.isDirectory(),
          s.getReplication(),
          s.getBlockSize(),
          s.getModificationTime(),
          s.getAccessTime(),
          permission,
          a.owner().getName(),
          a.group().getName(),
          s.getPath());
    }

    private static Set<PosixFilePermission> posix(short mode) {
      var set = EnumSet.noneOf(PosixFilePermission.class);
      PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ
      };
      for (int bit = 0; bit < order.length; bit++) {
        if ((mode & (1 << bit)) != 0) {
          set.add(order[bit]);
        }
      }
      return set;
    }
  }

  /** The same for Hadoop's FileContext API, which Delta's log store renames through. */
  public static class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, java.net.URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** FileContext's raw local file system, delegating to {@link Raw}. */
  public static class RawFs extends DelegateToFileSystem {
    public RawFs(URI uri, Configuration conf) throws IOException, java.net.URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
