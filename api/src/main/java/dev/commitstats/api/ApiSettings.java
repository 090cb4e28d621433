package dev.commitstats.api;

import java.util.List;

/**
 * HTTP settings of the API.
 *
 * @param corsOrigins origins allowed to call the API from a browser ({@code *}: any); empty: none
 * @param maxAgeSeconds the {@code Cache-Control: max-age} of data answers (clients revalidate with
 *     the ETag after it)
 */
public record ApiSettings(List<String> corsOrigins, int maxAgeSeconds) {
  public ApiSettings {
    corsOrigins = List.copyOf(corsOrigins);
    if (maxAgeSeconds < 0) {
      throw new IllegalArgumentException("max-age must be 0 or more seconds, not " + maxAgeSeconds);
    }
  }

  public static ApiSettings defaults() {
    return new ApiSettings(List.of(), 60);
  }
}
