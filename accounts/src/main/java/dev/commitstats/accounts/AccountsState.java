package dev.commitstats.accounts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.commitstats.lake.Lake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What discovery found, kept in the lake at {@value #PATH}: one row per token (the token table —
 * never the token itself) and per discovered repository. Rewritten whole, atomically.
 */
public record AccountsState(List<TokenStatus> tokens, List<Found> repos) {
  public static final String PATH = "state/accounts.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One token of the config: {@code name} is its environment variable. {@code status} is {@code
   * valid}, {@code invalid} (the host refused it: {@code refresh_message} says what to do) or
   * {@code missing} (the variable is not set). {@code login} and {@code emails} (verified) are the
   * account's, for the users config's attribution.
   */
  public record TokenStatus(
      String source,
      String name,
      String provider,
      String host,
      String status,
      String login,
      List<String> emails,
      Instant lastUpdate,
      String refreshMessage) {
    public TokenStatus {
      emails = emails == null ? List.of() : List.copyOf(emails);
    }
  }

  /** A repository discovery found for a source. */
  public record Found(String source, DiscoveredRepo repo, Instant discoveredAt) {}

  public AccountsState {
    tokens = List.copyOf(tokens);
    repos = List.copyOf(repos);
  }

  public static AccountsState empty() {
    return new AccountsState(List.of(), List.of());
  }

  public static AccountsState load(Lake lake) {
    try {
      Optional<byte[]> bytes = lake.read(PATH);
      if (bytes.isEmpty()) {
        return empty();
      }
      AccountsState s = JSON.readValue(bytes.get(), AccountsState.class);
      return new AccountsState(
          s.tokens() == null ? List.of() : s.tokens(), s.repos() == null ? List.of() : s.repos());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + PATH + " of " + lake.location() + ": run accounts discover again", e);
    }
  }

  public void save(Lake lake) {
    try {
      lake.write(PATH, JSON.writeValueAsBytes(this));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + PATH + " of " + lake.location(), e);
    }
  }

  /** This state with one source's token row and repositories replaced. */
  public AccountsState with(TokenStatus token, List<Found> found, boolean replaceRepos) {
    var t = new ArrayList<TokenStatus>();
    tokens.stream().filter(x -> !x.source().equals(token.source())).forEach(t::add);
    t.add(token);
    var r = new ArrayList<Found>();
    repos.stream().filter(x -> !replaceRepos || !x.source().equals(token.source())).forEach(r::add);
    if (replaceRepos) {
      r.addAll(found);
    }
    return new AccountsState(t, r);
  }

  public List<Found> reposOf(String source) {
    return repos.stream().filter(f -> f.source().equals(source)).toList();
  }
}
