package dev.commitstats.ingest.git;

import dev.commitstats.ingest.IngestException;
import dev.commitstats.runtime.Secrets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the repository of a source: a local path where it is (never copied), a remote URL as a bare
 * clone in the cache folder, cloned once and fetched on later runs.
 */
public final class RepoOpener {
  private static final Logger LOG = LoggerFactory.getLogger(RepoOpener.class);
  private static final int NETWORK_TIMEOUT_SECONDS = 120;

  private final Path cacheDir;

  public RepoOpener(Path cacheDir) {
    this.cacheDir = cacheDir;
  }

  public Repository open(RepoSource source) {
    return source.remote() ? openRemote(source) : openLocal(source);
  }

  static Repository openLocal(RepoSource source) {
    Path path = Path.of(source.repoUrl().substring("file://".length()));
    if (!Files.exists(path)) {
      throw IngestException.of(
          "repository " + path + " does not exist",
          "there is no file or folder at that path",
          "check the path given with --repo or in the config");
    }
    Path dotGit = path.resolve(".git");
    try {
      var builder = new FileRepositoryBuilder().setMustExist(true);
      if (Files.exists(dotGit)) {
        builder.setWorkTree(path.toFile());
      } else if (Files.isDirectory(path.resolve("objects")) && Files.exists(path.resolve("HEAD"))) {
        builder.setGitDir(path.toFile());
      } else {
        throw IngestException.of(
            "repository " + path + " is not a git repository",
            "it has neither a .git folder nor the objects/ and HEAD of a bare repository",
            "point --repo at the top folder of a git checkout or at a bare repository");
      }
      return builder.build();
    } catch (IOException e) {
      throw IngestException.of(
          "repository " + path + " cannot be opened",
          Secrets.describe(e),
          "check that it is a readable git repository",
          e);
    }
  }

  private Repository openRemote(RepoSource source) {
    Path target = cacheDir.resolve(source.repoId() + ".git");
    try {
      Files.createDirectories(cacheDir);
      if (Files.isDirectory(target.resolve("objects"))) {
        Repository repo = new FileRepositoryBuilder().setGitDir(target.toFile()).build();
        try (Git git = new Git(repo)) {
          var fetch =
              git.fetch()
                  .setRemote(source.location())
                  .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"))
                  .setRemoveDeletedRefs(true)
                  .setTimeout(NETWORK_TIMEOUT_SECONDS);
          source.credentials().ifPresent(c -> fetch.setCredentialsProvider(c.provider()));
          fetch.call();
        } catch (GitAPIException | RuntimeException e) {
          repo.close();
          throw e;
        }
        LOG.debug("fetched {} into {}", source.repoUrl(), target);
        return repo;
      }
      Path partial = cacheDir.resolve(source.repoId() + ".git.partial-" + UUID.randomUUID());
      var clone =
          Git.cloneRepository()
              .setURI(source.location())
              .setBare(true)
              .setDirectory(partial.toFile())
              .setTimeout(NETWORK_TIMEOUT_SECONDS);
      source.credentials().ifPresent(c -> clone.setCredentialsProvider(c.provider()));
      long start = System.nanoTime();
      try (Git git = clone.call()) {
        // a bare clone maps refs/heads/* one to one, as a mirror would
      } catch (GitAPIException | RuntimeException e) {
        deleteRecursively(partial);
        throw e;
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      LOG.info(
          "cloned {} into the cache in {} ms",
          source.repoUrl(),
          (System.nanoTime() - start) / 1_000_000);
      return new FileRepositoryBuilder().setGitDir(target.toFile()).setMustExist(true).build();
    } catch (TransportException e) {
      throw transportFailure(source, e);
    } catch (GitAPIException | IOException | RuntimeException e) {
      if (e instanceof IngestException ie) {
        throw ie;
      }
      throw IngestException.of(
          "cannot clone or fetch " + source.repoUrl(),
          Secrets.describe(e),
          "check the URL and the network, then run ingest again",
          e);
    }
  }

  static IngestException transportFailure(RepoSource source, TransportException e) {
    String why = Secrets.describe(e);
    String lower = why.toLowerCase(Locale.ROOT);
    String url = source.repoUrl();
    if (lower.contains("not authorized") || lower.contains("401") || lower.contains("auth")) {
      return IngestException.of(
          "authentication failed (401) for " + url,
          source.credentials().isPresent()
              ? "the host rejected the token"
              : "the host wants credentials and none were given",
          "give a valid read-only token (token_env in the config, or --token-env), and check it"
              + " has not expired",
          e);
    }
    if (lower.contains("403") || lower.contains("forbidden") || lower.contains("not permitted")) {
      return IngestException.of(
          "access denied (403) for " + url,
          "the token is valid but may not read this repository",
          "grant the token read access to the repository's contents",
          e);
    }
    if (lower.contains("not found") || lower.contains("404")) {
      return IngestException.of(
          "repository " + url + " was not found",
          "the host answered 404: it does not exist or the token cannot see it",
          "check the URL and the token's access",
          e);
    }
    return IngestException.of(
        "cannot clone or fetch " + url, why, "check the URL and the network, then retry", e);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      LOG.warn("could not remove the partial clone {}: {}", dir, e.toString());
    }
  }
}
