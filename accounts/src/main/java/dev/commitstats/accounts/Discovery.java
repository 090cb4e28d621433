package dev.commitstats.accounts;

import java.util.List;

/** What one token can see: the account's login, its verified emails and its repositories. */
public record Discovery(String login, List<String> emails, List<DiscoveredRepo> repos) {}
