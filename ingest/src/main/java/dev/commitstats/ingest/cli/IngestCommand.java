package dev.commitstats.ingest.cli;

import dev.commitstats.accounts.Accounts;
import dev.commitstats.accounts.AccountsState;
import dev.commitstats.accounts.DiscoveredRepo;
import dev.commitstats.ingest.classify.ExtensionClassifier;
import dev.commitstats.ingest.git.Credentials;
import dev.commitstats.ingest.git.RepoOpener;
import dev.commitstats.ingest.git.RepoSource;
import dev.commitstats.ingest.git.RepoSource.BranchSelection;
import dev.commitstats.ingest.lake.RepoStatusRow;
import dev.commitstats.ingest.run.DistributedIngest;
import dev.commitstats.ingest.run.IngestRun;
import dev.commitstats.ingest.run.Progress;
import dev.commitstats.lake.Lake;
import dev.commitstats.model.CollectStatus;
import dev.commitstats.model.Provider;
import dev.commitstats.model.RepoUrls;
import dev.commitstats.model.Visibility;
import dev.commitstats.model.config.CommitStatsConfig;
import dev.commitstats.model.config.ConfigException;
import dev.commitstats.model.config.SourceConfig;
import dev.commitstats.runtime.Secrets;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ingest}: git repositories into the raw layer of a lake. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the history of git repositories (local paths, file:// or https URLs) and writes the"
          + " raw layer of the lake: raw/commits, raw/file_changes, raw/repos.",
      "Incremental: a rerun walks only new commits. Exit status 1 when any repository failed."
    })
public final class IngestCommand implements Callable<Integer> {

  @Option(names = "--lake", required = true, description = "lake folder or s3://bucket/prefix")
  String lake;

  @Option(
      names = "--repo",
      description = "repository path, file:// or https URL (repeatable)",
      paramLabel = "PATH_OR_URL")
  List<String> repos = new ArrayList<>();

  @Option(names = "--config", description = "YAML config with sources", paramLabel = "FILE")
  Path config;

  @Option(
      names = "--branches",
      defaultValue = "default",
      description = "default (the default branch) or all (every branch, each change once)")
  String branches;

  @Option(names = "--branch", description = "walk this branch instead of the default one")
  String branch;

  @Option(
      names = "--visibility",
      defaultValue = "private",
      description = "visibility of --repo repositories: public or private (default)")
  String visibility;

  @Option(
      names = "--token-env",
      description = "environment variable holding a token for https --repo URLs",
      paramLabel = "NAME")
  String tokenEnv;

  @Option(
      names = "--cache-dir",
      description = "where remote repositories are cloned (default ~/.cache/commitstats/repos)",
      paramLabel = "DIR")
  Path cacheDir;

  @Option(names = "--threads", description = "analysis threads (default: the number of cores)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--task-threads",
      description = "with --spark-master: analysis threads in each task (default 1)")
  int threadsPerTask = 1;

  @Option(
      names = "--batch-commits",
      description = "commits per Parquet file and memory batch (default 250000)")
  int batchCommits = IngestRun.DEFAULT_BATCH_COMMITS;

  @Option(
      names = "--progress",
      defaultValue = "auto",
      description = "auto (a bar on a terminal), always or never")
  String progress;

  @Option(
      names = "--spark-master",
      description =
          "spread the repositories over Spark executors: local[N], or auto for the master the"
              + " environment sets (the Glue job CommitStatsIngest)",
      paramLabel = "MASTER")
  String sparkMaster;

  @Option(
      names = "--split-commits",
      description =
          "with --spark-master: a repository with more commits to walk is walked in ranges of at"
              + " most this many by several tasks (default 50000)")
  long splitCommits = 50_000;

  private IngestRun.Result lastResult;
  private dev.commitstats.ingest.git.CloneCache cloneCache;
  private RepoOpener lastOpener;

  /** Clones missing from the cache folder are restored from {@code cache} first (Lambda). */
  public IngestCommand cloneCache(dev.commitstats.ingest.git.CloneCache cache) {
    this.cloneCache = cache;
    return this;
  }

  /** The bare clones of the remote repositories the last run fetched or cloned. */
  public List<Path> openedClones() {
    return lastOpener == null ? List.of() : lastOpener.openedClones();
  }

  /** What the last {@link #call} ingested (empty before a run got that far). */
  public Optional<IngestRun.Result> lastResult() {
    return Optional.ofNullable(lastResult);
  }

  @Override
  public Integer call() throws Exception {
    if (repos.isEmpty() && config == null) {
      System.err.println(
          "error: nothing to ingest: give --repo PATH_OR_URL (repeatable) or --config FILE");
      return 2;
    }
    if (splitCommits < 1) {
      System.err.println("error: --split-commits must be at least 1, got " + splitCommits);
      return 2;
    }
    DistributedIngest distributed = null;
    if (sparkMaster != null) {
      distributed = ServiceLoader.load(DistributedIngest.class).findFirst().orElse(null);
      if (distributed == null) {
        System.err.println(
            "error: --spark-master needs the distributed ingest on the classpath: run"
                + " ./commitstats ingest ... --spark-master "
                + sparkMaster
                + " (the launcher adds it), or the Glue job CommitStatsIngest");
        return 2;
      }
      if (!sparkMaster.equals("auto") && !sparkMaster.matches("local\\[(\\d+|\\*)(,\\d+)?]")) {
        System.err.println(
            "error: --spark-master must be local[N] (N threads, e.g. local[4]) or auto (the"
                + " master the environment sets, as on Glue), got '"
                + sparkMaster
                + "'");
        return 2;
      }
    }
    var branchSelection = parseBranches(branches);
    Visibility vis = Visibility.parse(visibility);
    var sources = new ArrayList<RepoSource>();
    var rejected = new ArrayList<RepoStatusRow>();
    var hosted = new ArrayList<SourceConfig>();
    Optional<Credentials> cliToken = token(tokenEnv, "--token-env", rejected, null);
    for (String r : repos) {
      addSource(r, vis, branchSelection, branch, cliToken, sources, rejected, false, true);
    }
    if (config != null) {
      CommitStatsConfig cfg;
      try {
        cfg = CommitStatsConfig.load(config);
      } catch (ConfigException e) {
        System.err.println("error: " + e.getMessage());
        return 2;
      }
      for (SourceConfig s : cfg.sources()) {
        if (!s.kind().hosted()) {
          fromConfig(s, sources, rejected);
        } else {
          hosted.add(s);
        }
      }
    }
    IngestRun.configureObjectCache();
    Path cache =
        cacheDir != null
            ? cacheDir
            : Path.of(System.getProperty("user.home"), ".cache", "commitstats", "repos");
    boolean terminal =
        progress.equals("always") || (progress.equals("auto") && System.console() != null);
    IngestRun.Result result;
    lastOpener = new RepoOpener(cache, cloneCache);
    PrintStream terminalErr = System.err;
    try (Lake l = Lake.open(lake)) {
      if (!hosted.isEmpty()) {
        Accounts accounts = Accounts.fromEnvironment();
        discovered(accounts, accounts.discoverAll(l, hosted), hosted, sources, rejected);
      }
      if (distributed != null) {
        result =
            distributed.run(
                l,
                sources,
                rejected,
                new DistributedIngest.Settings(
                    sparkMaster, cache, batchCommits, splitCommits, Math.max(1, threadsPerTask)));
      } else {
        try (var p =
            new Progress(sources.size(), terminal, progress.equals("never") ? null : terminalErr)) {
          System.setErr(p.sharing(terminalErr));
          result =
              new IngestRun(l, lastOpener, new ExtensionClassifier(), threads, p)
                  .batchCommits(batchCommits)
                  .run(sources, rejected);
        }
      }
    } finally {
      System.setErr(terminalErr);
    }
    for (RepoStatusRow r : result.repos()) {
      System.out.printf(
          "%-10s %s  new commits: %d%s%n",
          r.collectStatus(),
          r.repoUrl(),
          r.newCommits(),
          r.collectStatus().equals(CollectStatus.UP_TO_DATE.value()) || r.errorMessage() == null
              ? ""
              : "  (" + r.errorMessage() + ")");
    }
    lastResult = result;
    var failures = result.failures();
    System.out.printf(
        "ingest run %s: %d repositories, %d new commits, %d failed%n",
        result.runId(), result.repos().size(), result.newCommits(), failures.size());
    for (RepoStatusRow f : failures) {
      System.err.println("FAILED " + f.repoUrl() + ": " + f.errorMessage());
    }
    return failures.isEmpty() ? 0 : 1;
  }

  private static BranchSelection parseBranches(String text) {
    return switch (text) {
      case "default" -> BranchSelection.DEFAULT;
      case "all" -> BranchSelection.ALL;
      default ->
          throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(new IngestCommand()),
              "--branches must be 'default' or 'all', got '" + text + "'");
    };
  }

  /**
   * The active repositories discovery found for hosted sources, cloned with their source's token;
   * visibility, fork and upstream come from the host. A source whose token is missing or refused
   * becomes one error row (its refresh message) and stops only its own work.
   */
  private static void discovered(
      Accounts accounts,
      AccountsState state,
      List<SourceConfig> hosted,
      List<RepoSource> sources,
      List<RepoStatusRow> rejected) {
    for (SourceConfig s : hosted) {
      var token =
          state.tokens().stream().filter(t -> t.source().equals(s.key())).findFirst().orElse(null);
      if (token == null || !token.status().equals("valid")) {
        rejected.add(
            accountRow(
                s.provider() + ":" + s.tokenEnv(),
                s.provider(),
                token == null ? "not discovered" : token.status() + ": " + token.refreshMessage()));
        continue;
      }
      if (!s.isActive()) {
        continue;
      }
      var credentials = Optional.of(new Credentials(gitUser(s.provider()), accounts.token(s)));
      var sel = s.branches() == null ? BranchSelection.DEFAULT : parseBranches(s.branches());
      for (AccountsState.Found f : state.reposOf(s.key())) {
        DiscoveredRepo r = f.repo();
        if (!s.selects(r.owner(), r.fullName())) {
          continue;
        }
        try {
          RepoSource base =
              RepoSource.of(
                  r.cloneUrl(), Visibility.parse(r.visibility()), sel, s.branch(), credentials);
          RepoSource src =
              base.withHost(r.provider(), r.owner(), r.name(), r.fork(), r.upstreamUrl());
          if (sources.stream().noneMatch(x -> x.repoId().equals(src.repoId()))) {
            sources.add(src);
          }
        } catch (IllegalArgumentException e) {
          rejected.add(rejectedRow(r.cloneUrl(), r.provider(), Secrets.redact(e.getMessage())));
        }
      }
    }
  }

  /** The user name each host expects beside a token over https. */
  static String gitUser(String provider) {
    return switch (Provider.parse(provider)) {
      case GITLAB -> "oauth2";
      case AZURE -> "pat";
      case GITHUB, GIT -> "x-access-token";
    };
  }

  private void fromConfig(SourceConfig s, List<RepoSource> sources, List<RepoStatusRow> rejected) {
    if (!s.isActive()) {
      return;
    }
    Optional<Credentials> token = token(s.tokenEnv(), "token_env", rejected, s.url());
    if (s.tokenEnv() != null && token.isEmpty()) {
      return;
    }
    var sel = s.branches() == null ? BranchSelection.DEFAULT : parseBranches(s.branches());
    Visibility vis = s.visibility() == null ? Visibility.PRIVATE : Visibility.parse(s.visibility());
    addSource(s.url(), vis, sel, s.branch(), token, sources, rejected, s.isExtra(), s.isActive());
  }

  private static void addSource(
      String location,
      Visibility vis,
      BranchSelection sel,
      String branch,
      Optional<Credentials> token,
      List<RepoSource> sources,
      List<RepoStatusRow> rejected,
      boolean extra,
      boolean active) {
    try {
      RepoSource s = RepoSource.of(location, vis, sel, branch, token);
      if (extra || !active) {
        s = s.withSelection(active, extra);
      }
      final String id = s.repoId();
      if (sources.stream().anyMatch(x -> x.repoId().equals(id))) {
        return; // the same repository named twice is ingested once
      }
      sources.add(s);
    } catch (IllegalArgumentException e) {
      rejected.add(rejectedRow(location, Provider.GIT.value(), Secrets.redact(e.getMessage())));
    }
  }

  private static Optional<Credentials> token(
      String envName, String option, List<RepoStatusRow> rejected, String forUrl) {
    if (envName == null) {
      return Optional.empty();
    }
    String value = System.getenv(envName);
    if (value == null || value.isBlank()) {
      // a token stored under that name (./commitstats accounts token set NAME) serves as well
      value = storedToken(envName);
    }
    if (value == null || value.isBlank()) {
      String message =
          "environment variable "
              + envName
              + " (named by "
              + option
              + ") is not set and no token of that name is stored: export it with a read-only"
              + " token (or store it: ./commitstats accounts token set "
              + envName
              + "), or remove "
              + option;
      if (forUrl != null) {
        rejected.add(rejectedRow(forUrl, Provider.GIT.value(), message));
        return Optional.empty();
      }
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(new IngestCommand()), message);
    }
    return Optional.of(new Credentials("x-access-token", value.trim()));
  }

  private static String storedToken(String name) {
    try {
      return dev.commitstats.accounts.TokenStore.fromEnvironment().get(name).orElse(null);
    } catch (RuntimeException e) {
      // no store, or one this process cannot open: the caller's message names the variable
      System.err.println(
          "warning: the token store could not be read for " + name + ": " + Secrets.describe(e));
      return null;
    }
  }

  /** An error row for a repository location that could not be collected at all. */
  static RepoStatusRow rejectedRow(String location, String provider, String message) {
    String text = Secrets.redact(location);
    String url;
    try {
      url = RepoUrls.normalize(text);
    } catch (IllegalArgumentException e) {
      url = text;
    }
    return errorRow(url, RepoUrls.name(url), provider, message);
  }

  /** An error row for a whole account source (provider:owners), named by that label. */
  static RepoStatusRow accountRow(String label, String provider, String message) {
    return errorRow(label, label, provider, message);
  }

  private static RepoStatusRow errorRow(String url, String name, String provider, String message) {
    return RepoStatusRow.builder(RepoUrls.repoId(url), url)
        .provider(provider)
        .name(name)
        .error(Secrets.redact(message))
        .build();
  }
}
