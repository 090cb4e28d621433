package dev.commitstats.ingest.git;

import dev.commitstats.runtime.Secrets;
import java.util.Objects;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A user name and token for https, held in memory only; {@link #toString} never shows them.
 * Serializable for one purpose: a distributed ingest hands them to its executors in a broadcast
 * (never in a task), and the executor registers the token for redaction as it reads it.
 */
public final class Credentials implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

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

  private void readObject(java.io.ObjectInputStream in)
      throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    Secrets.register(new String(token));
  }

  @Override
  public String toString() {
    return "Credentials[***]";
  }
}
