package dev.commitstats.ingest.git;

import dev.commitstats.ingest.IngestErrors;
import dev.commitstats.ingest.IngestException;
import dev.commitstats.runtime.Secrets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
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
  private final CloneCache clones;
  private final Set<String> opened = ConcurrentHashMap.newKeySet();

  public RepoOpener(Path cacheDir) {
    this(cacheDir, null);
  }

  /** Clones in {@code cacheDir}, restored from {@code clones} (may be null) when missing there. */
  public RepoOpener(Path cacheDir, CloneCache clones) {
    this.cacheDir = cacheDir;
    this.clones = clones;
  }

  /** The bare clones of the remote repositories this opener fetched or cloned. */
  public List<Path> openedClones() {
    return opened.stream().sorted().map(this::clonePath).toList();
  }

  private Path clonePath(String repoId) {
    return cacheDir.resolve(repoId + ".git");
  }

  /**
   * The host's branches (name to commit id) and the branch its HEAD names (null when the host does
   * not say), without fetching anything: {@code git ls-remote}. Empty when the host could not be
   * asked; the caller then opens the repository as usual (and reports what went wrong).
   */
  public Optional<RemoteRefs> remoteRefs(RepoSource source) {
    if (!source.remote()) {
      return Optional.empty();
    }
    try {
      var ls =
          Git.lsRemoteRepository().setRemote(source.location()).setTimeout(NETWORK_TIMEOUT_SECONDS);
      source.credentials().ifPresent(c -> ls.setCredentialsProvider(c.provider()));
      var branches = new LinkedHashMap<String, String>();
      String head = null;
      String headId = null;
      for (var e : ls.callAsMap().entrySet()) {
        var ref = e.getValue();
        if (e.getKey().equals(Constants.HEAD)) {
          if (ref.isSymbolic() && ref.getTarget().getName().startsWith(Constants.R_HEADS)) {
            head = ref.getTarget().getName().substring(Constants.R_HEADS.length());
          }
          headId = ref.getObjectId() == null ? null : ref.getObjectId().name();
        } else if (e.getKey().startsWith(Constants.R_HEADS) && ref.getObjectId() != null) {
          branches.put(e.getKey().substring(Constants.R_HEADS.length()), ref.getObjectId().name());
        }
      }
      return Optional.of(new RemoteRefs(branches, head, headId));
    } catch (GitAPIException | RuntimeException e) {
      LOG.debug("ls-remote of {} failed: {}", source.repoUrl(), Secrets.describe(e));
      return Optional.empty();
    }
  }

  /** What {@code ls-remote} told: branches, HEAD's branch (null if unknown) and HEAD's commit. */
  public record RemoteRefs(Map<String, String> branches, String head, String headId) {}

  public Repository open(RepoSource source) {
    return source.remote() ? openRemote(source) : openLocal(source);
  }

  /**
   * A repository's cached clone as it is, without asking the host for anything new; cloned first
   * when this machine has none yet. For the ranges of a split walk: the commits were planned from
   * the clone the plan fetched, and another worker's fetch may not move what they read.
   */
  public Repository openWithoutFetch(RepoSource source) {
    if (!source.remote()) {
      return openLocal(source);
    }
    Path target = clonePath(source.repoId());
    synchronized (lockOf(source.repoId())) {
      if (Files.isDirectory(target.resolve("objects"))) {
        try {
          opened.add(source.repoId());
          return new FileRepositoryBuilder().setGitDir(target.toFile()).setMustExist(true).build();
        } catch (IOException e) {
          throw IngestErrors.cannotFetch(source.repoUrl(), e);
        }
      }
      return openRemote(source);
    }
  }

  /** One clone folder is fetched or cloned by one thread of this process at a time. */
  private static final Map<String, Object> CLONE_LOCKS = new ConcurrentHashMap<>();

  private static Object lockOf(String repoId) {
    return CLONE_LOCKS.computeIfAbsent(repoId, k -> new Object());
  }

  static Repository openLocal(RepoSource source) {
    Path path = Path.of(source.repoUrl().substring("file://".length()));
    if (!Files.exists(path)) {
      throw IngestErrors.repositoryMissing(path);
    }
    Path dotGit = path.resolve(".git");
    try {
      var builder = new FileRepositoryBuilder().setMustExist(true);
      if (Files.exists(dotGit)) {
        builder.setWorkTree(path.toFile());
      } else if (Files.isDirectory(path.resolve("objects")) && Files.exists(path.resolve("HEAD"))) {
        builder.setGitDir(path.toFile());
      } else {
        throw IngestErrors.notARepository(path);
      }
      return builder.build();
    } catch (IOException e) {
      throw IngestErrors.cannotOpen(path, e);
    }
  }

  private Repository openRemote(RepoSource source) {
    synchronized (lockOf(source.repoId())) {
      return fetchOrClone(source);
    }
  }

  private Repository fetchOrClone(RepoSource source) {
    Path target = clonePath(source.repoId());
    try {
      Files.createDirectories(cacheDir);
      if (!Files.isDirectory(target.resolve("objects")) && clones != null) {
        long t0 = System.nanoTime();
        if (clones.restore(source.repoId(), target)) {
          LOG.info(
              "restored the clone of {} from the clone cache in {} ms",
              source.repoUrl(),
              (System.nanoTime() - t0) / 1_000_000);
        }
      }
      opened.add(source.repoId());
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
      throw IngestErrors.cannotFetch(source.repoUrl(), e);
    }
  }

  static IngestException transportFailure(RepoSource source, TransportException e) {
    String lower = withoutUrls(Secrets.describe(e)).toLowerCase(Locale.ROOT);
    String url = source.repoUrl();
    if (lower.contains("not authorized") || namesStatus(lower, 401) || lower.contains("auth")) {
      return IngestErrors.authenticationFailed(url, source.credentials().isPresent(), e);
    }
    if (namesStatus(lower, 403) || lower.contains("forbidden") || lower.contains("not permitted")) {
      return IngestErrors.accessDenied(url, e);
    }
    if (lower.contains("not found") || namesStatus(lower, 404)) {
      return IngestErrors.repositoryNotFound(url, e);
    }
    return IngestErrors.transportFailed(url, e);
  }

  /**
   * Whether a message (its URLs left out) names an HTTP status: as a number of its own, never the
   * digits of a port or a size (a server on port 40193 once made a 403 read as a 401).
   */
  private static boolean namesStatus(String message, int status) {
    return java.util.regex.Pattern.compile("(?<![0-9])" + status + "(?![0-9])")
        .matcher(message)
        .find();
  }

  private static final java.util.regex.Pattern URL =
      java.util.regex.Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"]*[^\\s'\":,.;]");

  /** A transport message without the URLs it names (their host, port and path are no status). */
  static String withoutUrls(String message) {
    return URL.matcher(message).replaceAll("<url>");
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
