package dev.commitstats.accounts;

import dev.commitstats.lake.Lake;
import dev.commitstats.model.Provider;
import dev.commitstats.model.config.SourceConfig;
import dev.commitstats.runtime.Secrets;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Discovery for the config's hosted sources: each token asks its host, the result lands in the
 * accounts state; a missing or refused token marks only that token, the others go on.
 */
public final class Accounts {
  private final Function<String, String> env;

  /** The token a source names, or null. */
  public String token(SourceConfig s) {
    return s.tokenEnv() == null ? null : env.apply(s.tokenEnv());
  }

  private final RestClient.Sleeper sleeper;
  private final Clock clock;

  public Accounts(Function<String, String> env, RestClient.Sleeper sleeper, Clock clock) {
    this.env = env;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** Tokens from the environment first, then from the encrypted token store. */
  public static Accounts fromEnvironment() {
    return new Accounts(
        tokens(System::getenv, TokenStore.fromEnvironment()),
        d -> Thread.sleep(d.toMillis()),
        Clock.systemUTC());
  }

  /** Resolves a token name: the environment variable, else the store's entry of that name. */
  public static Function<String, String> tokens(Function<String, String> env, TokenStore store) {
    return name -> {
      String v = env.apply(name);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
      return store.get(name).orElse(null);
    };
  }

  /** The hosted (github, gitlab, azure) sources of a config. */
  public static List<SourceConfig> hosted(List<SourceConfig> sources) {
    return sources.stream().filter(s -> s.kind().hosted()).toList();
  }

  /** Discovers every hosted source and saves the state; returns it. */
  public AccountsState discoverAll(Lake lake, List<SourceConfig> sources) {
    AccountsState state = AccountsState.load(lake);
    for (SourceConfig s : hosted(sources)) {
      state = discover(state, s);
    }
    state.save(lake);
    return state;
  }

  /** One source: its token row, and its repositories when the host answered. */
  AccountsState discover(AccountsState state, SourceConfig s) {
    RepositoryHost provider = RepositoryHost.of(s);
    String host = host(provider.apiBase());
    var now = clock.instant();
    String token = token(s);
    if (token == null || token.isBlank()) {
      return failed(
          state,
          s,
          host,
          "missing",
          s.tokenEnv() == null
              ? "the source has no token_env: name the environment variable that holds its token"
              : "no token "
                  + s.tokenEnv()
                  + ": export it as an environment variable, or store it encrypted with"
                  + " ./commitstats accounts token set "
                  + s.tokenEnv());
    }
    Secrets.register(token);
    try {
      Discovery d = provider.discover(sleeper, token);
      var found = d.repos().stream().map(r -> new AccountsState.Found(s.key(), r, now)).toList();
      return state.with(
          new AccountsState.TokenStatus(
              s.key(),
              s.tokenEnv(),
              s.provider(),
              host,
              "valid",
              d.login(),
              d.emails(),
              now,
              d.notes().isEmpty() ? null : Secrets.redact(String.join("; ", d.notes()))),
          found,
          true);
    } catch (RateLimitedException e) {
      return failed(state, s, host, "error", Secrets.redact(e.getMessage()));
    } catch (TokenRejectedException e) {
      return failed(
          state,
          s,
          host,
          "invalid",
          Secrets.redact(e.getMessage())
              + ": the token is revoked, expired or lacks a scope; create a new one ("
              + scopes(s.provider())
              + ") and put it in "
              + s.tokenEnv());
    } catch (RuntimeException e) {
      return failed(
          state,
          s,
          host,
          "error",
          Secrets.redact(String.valueOf(e.getMessage())) + ": discovery is retried next run");
    }
  }

  /** The state with a source's token marked, its earlier repositories kept. */
  private AccountsState failed(
      AccountsState state, SourceConfig s, String host, String status, String message) {
    return state.with(
        new AccountsState.TokenStatus(
            s.key(),
            s.tokenEnv(),
            s.provider(),
            host,
            status,
            null,
            null,
            clock.instant(),
            message),
        List.of(),
        false);
  }

  /** The least privilege each host needs (also in README.md). */
  public static String scopes(String provider) {
    return switch (Provider.parse(provider)) {
      case GITHUB -> "GitHub: fine-grained, read-only Contents and Metadata (classic: repo)";
      case GITLAB -> "GitLab: read_repository and read_api";
      case AZURE ->
          "Azure DevOps, all accessible organizations: User Profile (Read), Project and Team"
              + " (Read), Code (Read)";
      case GIT -> "read-only repository access";
    };
  }

  static String host(String url) {
    try {
      URI u = URI.create(url);
      return u.getPort() > 0 ? u.getHost() + ":" + u.getPort() : u.getHost();
    } catch (IllegalArgumentException e) {
      return url;
    }
  }
}
