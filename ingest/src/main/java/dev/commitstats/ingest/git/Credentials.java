package dev.commitstats.ingest.git;

import dev.commitstats.runtime.Secrets;
import java.util.Objects;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** A user name and token for https, held in memory only; {@link #toString} never shows them. */
public final class Credentials {
  private final String username;
  private final char[] token;

  public Credentials(String username, String token) {
    this.username = Objects.requireNonNull(username, "username");
    Objects.requireNonNull(token, "token");
    this.token = token.toCharArray();
    Secrets.register(token);
  }

  CredentialsProvider provider() {
    return new UsernamePasswordCredentialsProvider(username, token.clone());
  }

  @Override
  public String toString() {
    return "Credentials[***]";
  }
}
