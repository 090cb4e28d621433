package dev.commitstats.api;

import java.util.List;

/**
 * HTTP settings of the API.
 *
 * @param corsOrigins origins allowed to call the API from a browser ({@code *}: any); empty: none
 * @param maxAgeSeconds the {@code Cache-Control: max-age} of data answers (clients revalidate with
 *     the ETag after it)
 * @param rateLimitPerMinute requests a client (an IP address) may send per minute, in bursts of as
 *     many; more answer 429 with {@code Retry-After}. 0: no limit (the local default; the AWS setup
 *     sets one)
 * @param clientIpHeader the header a trusted proxy names the client in ({@code X-Forwarded-For}:
 *     its first address), or null to use the connection's address
 */
public record ApiSettings(
    List<String> corsOrigins, int maxAgeSeconds, int rateLimitPerMinute, String clientIpHeader) {
  public ApiSettings {
    corsOrigins = List.copyOf(corsOrigins);
    if (maxAgeSeconds < 0) {
      throw new IllegalArgumentException("max-age must be 0 or more seconds, not " + maxAgeSeconds);
    }
    if (rateLimitPerMinute < 0) {
      throw new IllegalArgumentException(
          "--rate-limit must be 0 (off) or more requests per minute, not " + rateLimitPerMinute);
    }
  }

  public ApiSettings(List<String> corsOrigins, int maxAgeSeconds) {
    this(corsOrigins, maxAgeSeconds, 0, null);
  }

  public static ApiSettings defaults() {
    return new ApiSettings(List.of(), 60);
  }
}
