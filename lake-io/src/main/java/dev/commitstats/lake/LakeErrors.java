package dev.commitstats.lake;

import java.nio.file.Path;

/** Every user-facing error of the lake module, worded once: what, why, how to fix. */
public final class LakeErrors {
  private LakeErrors() {}

  private static LakeException of(String what, String why, String fix, Throwable cause) {
    return new LakeException(what + ": " + why + ". " + fix, cause);
  }

  /** Another ingest holds the lake's lock ({@code holder} says which, as far as known). */
  /**
   * Whether {@code t} (or a cause) is the object store failing — an S3 error answer, a timeout, a
   * cut connection, after the client's retries — rather than anything about the data.
   */
  public static boolean isStoreFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof software.amazon.awssdk.core.exception.SdkException) {
        return true;
      }
    }
    return false;
  }

  public static LakeException busy(String location, String holder) {
    return of(
        "lake " + location + " is busy",
        "another ingest " + holder,
        "wait for that ingest to finish, then run this one again",
        null);
  }

  public static LakeException noBucket(String location) {
    return of(
        "lake " + location + " names no bucket",
        "an S3 lake is s3://bucket or s3://bucket/prefix",
        "give the bucket in the lake URL",
        null);
  }

  public static LakeException noStagingFolder(String location, Throwable cause) {
    return new LakeException("cannot create a local staging folder for " + location, cause);
  }

  /** SQL over a lake folder that does not exist. */
  public static LakeException missing(Path lake) {
    return of(
        "lake " + lake + " does not exist",
        "there is no folder at that path",
        "run './commitstats ingest --lake " + lake + " --repo PATH' first, or check --lake",
        null);
  }
}
