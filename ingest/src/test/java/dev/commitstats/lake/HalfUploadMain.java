package dev.commitstats.lake;

import java.nio.file.Files;
import java.util.Random;

/**
 * Publishes one large file to an S3 lake with a multipart upload, for a test that stops this
 * process dead in the middle of it ({@code COMMITSTATS_CRASH_AT=s3-part:1}).
 */
public final class HalfUploadMain {
  private HalfUploadMain() {}

  public static void main(String[] args) throws Exception {
    try (S3Lake lake = S3Lake.fromEnvironment(args[0])) {
      var staged = lake.stagingFile(args[1]);
      byte[] data = new byte[12 << 20];
      new Random(1).nextBytes(data);
      Files.write(staged, data);
      lake.publish(staged, args[1]);
    }
  }
}
