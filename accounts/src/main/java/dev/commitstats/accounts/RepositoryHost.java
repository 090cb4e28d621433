package dev.commitstats.accounts;

import dev.commitstats.model.config.SourceConfig;

/** A host whose REST API lists the repositories a token can read. */
public interface RepositoryHost {

  /** Lists the account's repositories (every page) with the token. */
  Discovery discover(RestClient.Sleeper sleeper, String token);

  /** The API base URL in use (for the token table's host column). */
  String apiBase();

  /** The provider of a {@code github}, {@code gitlab} or {@code azure} source. */
  static RepositoryHost of(SourceConfig source) {
    String base = source.baseUrl();
    return switch (source.kind()) {
      case GITHUB -> new GitHub(base == null ? GitHub.DEFAULT_API : base);
      case GITLAB -> new GitLab(base == null ? GitLab.DEFAULT_BASE : base);
      case AZURE -> AzureDevOps.forBase(base);
      case GIT ->
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
