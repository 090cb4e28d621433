package dev.commitstats.ingest.classify;

import dev.commitstats.model.FileCategory;
import java.util.Objects;

/** The language and category of one path. */
public record Classification(String language, FileCategory category) {
  public static final String UNKNOWN = "Unknown";

  public Classification {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(category, "category");
  }
}
