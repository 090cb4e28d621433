package dev.commitstats.ingest;

import dev.commitstats.runtime.Secrets;
import java.nio.file.Path;
import java.util.List;

/**
 * Every user-facing error of ingest, worded once: what went wrong, why, and how to fix it. Tests
 * and callers name the error, not its text; the text never holds a credential.
 */
public final class IngestErrors {
  private IngestErrors() {}

  private static IngestException of(String what, String why, String fix, Throwable cause) {
    return new IngestException(what + ": " + why + ". " + fix, cause);
  }

  public static IngestException repositoryMissing(Path path) {
    return of(
        "repository " + path + " does not exist",
        "there is no file or folder at that path",
        "check the path given with --repo or in the config",
        null);
  }

  public static IngestException notARepository(Path path) {
    return of(
        "repository " + path + " is not a git repository",
        "it has neither a .git folder nor the objects/ and HEAD of a bare repository",
        "point --repo at the top folder of a git checkout or at a bare repository",
        null);
  }

  public static IngestException cannotOpen(Path path, Throwable cause) {
    return of(
        "repository " + path + " cannot be opened",
        Secrets.describe(cause),
        "check that it is a readable git repository",
        cause);
  }

  /** A clone or fetch that failed for a reason other than the host's answer. */
  public static IngestException cannotFetch(String url, Throwable cause) {
    return of(
        "cannot clone or fetch " + url,
        Secrets.describe(cause),
        "check the URL and the network, then run ingest again",
        cause);
  }

  /** A transport failure the host's answer does not explain. */
  public static IngestException transportFailed(String url, Throwable cause) {
    return of(
        "cannot clone or fetch " + url,
        Secrets.describe(cause),
        "check the URL and the network, then retry",
        cause);
  }

  public static IngestException authenticationFailed(
      String url, boolean tokenGiven, Throwable cause) {
    return of(
        "authentication failed (401) for " + url,
        tokenGiven
            ? "the host rejected the token"
            : "the host wants credentials and none were given",
        "give a valid read-only token (token_env in the config, or --token-env), and check it"
            + " has not expired",
        cause);
  }

  public static IngestException accessDenied(String url, Throwable cause) {
    return of(
        "access denied (403) for " + url,
        "the token is valid but may not read this repository",
        "grant the token read access to the repository's contents",
        cause);
  }

  public static IngestException repositoryNotFound(String url, Throwable cause) {
    return of(
        "repository " + url + " was not found",
        "the host answered 404: it does not exist or the token cannot see it",
        "check the URL and the token's access",
        cause);
  }

  public static IngestException noSuchBranch(String branch, String url, List<String> branches) {
    return of(
        "branch '" + branch + "' of " + url + " does not exist",
        "the repository's branches are " + (branches.isEmpty() ? "none" : branches),
        "name an existing branch, or leave the branch out to walk the default branch",
        null);
  }

  public static IngestException emptyRepository(String url, String branch) {
    return of(
        "repository " + url + " is empty",
        "its branch '" + branch + "' has no commits",
        "push a commit, or remove the repository from the ingest",
        null);
  }

  public static IngestException unreadableLakeCommits(String repoId, Throwable cause) {
    return of(
        "cannot read the commits already in the lake for repository " + repoId,
        Secrets.describe(cause),
        "check that the lake's raw/commits files are readable",
        cause);
  }

  public static IngestException damagedState(String path, String lake, Throwable cause) {
    return of(
        "state file " + path + " in lake " + lake + " is damaged",
        cause.getMessage(),
        "delete it to ingest this repository again from the start (readers dedupe by repo_id"
            + " and sha)",
        cause);
  }

  /** The git CLI failed (the parity tools run it). */
  public static IngestException gitFailed(Path repo, int status) {
    return of(
        "git log failed in " + repo,
        "git exited with status " + status,
        "check that git is installed and the repository is readable",
        null);
  }
}
