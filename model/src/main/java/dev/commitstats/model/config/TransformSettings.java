package dev.commitstats.model.config;

/**
 * Rules of the transform (the {@code transform} section of the YAML).
 *
 * @param bulkCommitLines a commit adding more than this many counted lines is a bulk commit (an
 *     import of someone else's code): kept and flagged, left out of lines of code
 * @param countBulkLines count the lines of bulk commits after all
 */
public record TransformSettings(Integer bulkCommitLines, Boolean countBulkLines) {
  public static final int DEFAULT_BULK_COMMIT_LINES = 5_000;

  public TransformSettings {
    bulkCommitLines = bulkCommitLines == null ? DEFAULT_BULK_COMMIT_LINES : bulkCommitLines;
    countBulkLines = countBulkLines != null && countBulkLines;
    if (bulkCommitLines < 1) {
      throw new ConfigException(
          "transform: bulk_commit_lines is " + bulkCommitLines + ": use a positive number");
    }
  }

  public static TransformSettings defaults() {
    return new TransformSettings(null, null);
  }
}
