package dev.commitstats.accounts;

import java.util.List;

/**
 * What one token can see: the account's login, its verified emails and its repositories, and notes
 * on what the host did not tell (e.g. no emails without their scope) with what would add it.
 */
public record Discovery(
    String login, List<String> emails, List<DiscoveredRepo> repos, List<String> notes) {
  public Discovery {
    emails = List.copyOf(emails);
    repos = List.copyOf(repos);
    notes = List.copyOf(notes);
  }
}
