package dev.commitstats.accounts;

import dev.commitstats.model.config.SourceConfig;
import java.util.Locale;

/** A host whose REST API lists the repositories a token can read. */
public interface Provider {

  /** Lists the account's repositories (every page) with the token. */
  Discovery discover(RestClient.Sleeper sleeper, String token);

  /** The API base URL in use (for the token table's host column). */
  String apiBase();

  /** The provider of a {@code github}, {@code gitlab} or {@code azure} source. */
  static Provider of(SourceConfig source) {
    String base = source.baseUrl();
    return switch (source.provider().toLowerCase(Locale.ROOT)) {
      case "github" -> new GitHub(base == null ? GitHub.DEFAULT_API : base);
      case "gitlab" -> new GitLab(base == null ? GitLab.DEFAULT_BASE : base);
      case "azure" -> AzureDevOps.forBase(base);
      default ->
          throw new IllegalArgumentException(
              "provider '" + source.provider() + "' does not discover repositories");
    };
  }

  static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static String text(com.fasterxml.jackson.databind.JsonNode n, String field) {
    com.fasterxml.jackson.databind.JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }
}
