package dev.commitstats.api.service;

/**
 * A rendered answer: its bytes, media type and entity tag (derived from the request and the
 * versions of the tables it read), ready for conditional requests.
 */
public record ApiResponse(byte[] body, String contentType, String etag) {
  public static final String JSON = "application/json";
  public static final String SVG = "image/svg+xml; charset=utf-8";
  public static final String HTML = "text/html; charset=utf-8";
}
