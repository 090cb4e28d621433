package dev.commitstats.spark;

/**
 * Every user-facing error of the transform, worded once: what went wrong, why, how to fix it. They
 * are argument errors (exit status 2 on the command line), as a wrong lake or config is.
 */
final class TransformErrors {
  private TransformErrors() {}

  /** The one exception family of the Spark jobs' own checks. */
  static final class TransformException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TransformException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static TransformException noRawLayer(String lake) {
    return new TransformException(
        "lake " + lake + " has no raw layer: run ./commitstats ingest --lake " + lake + " first",
        null);
  }

  static TransformException badPeriod(String text) {
    return new TransformException(
        "--every "
            + text
            + " is not a period: write a positive number and s, m or h, e.g. --every 15m",
        null);
  }

  static TransformException runsWithoutEvery(int runs) {
    return new TransformException(
        "--runs " + runs + " needs --every and a count of at least 1, e.g. --every 15m --runs 4",
        null);
  }

  static TransformException configMissing(String location, Throwable cause) {
    return new TransformException(
        "config file " + location + " does not exist: check the --config path", cause);
  }
}
