package dev.commitstats.accounts;

/**
 * A repository a token can read, as its host describes it.
 *
 * @param owner the user, organization, group or Azure DevOps project it belongs to
 * @param fullName {@code owner/name} as the host shows it (selection keys use it)
 * @param cloneUrl the https URL to clone (never with credentials)
 * @param visibility {@code public} or {@code private} (GitLab's internal counts as private)
 * @param upstreamUrl a fork's parent (its clone URL), else null
 */
public record DiscoveredRepo(
    String provider,
    String owner,
    String name,
    String fullName,
    String cloneUrl,
    String visibility,
    boolean fork,
    String upstreamUrl,
    String defaultBranch) {}
