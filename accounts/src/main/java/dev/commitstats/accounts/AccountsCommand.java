package dev.commitstats.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.commitstats.lake.Lake;
import dev.commitstats.lake.sql.LakeSql;
import dev.commitstats.lake.sql.ResultPrinter;
import dev.commitstats.model.Provider;
import dev.commitstats.model.RepoUrls;
import dev.commitstats.model.Visibility;
import dev.commitstats.model.config.CommitStatsConfig;
import dev.commitstats.model.config.SourceConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code accounts list|discover|activate|deactivate}: the "add a token, select your repositories"
 * flow as commands over the config's hosted sources and the lake's accounts state.
 */
@Command(
    name = "accounts",
    mixinStandardHelpOptions = true,
    description = "Hosted accounts (GitHub, GitLab, Azure DevOps): discover, list, select.",
    subcommands = {
      AccountsCommand.Discover.class,
      AccountsCommand.ListTables.class,
      AccountsCommand.Activate.class,
      AccountsCommand.Deactivate.class,
      AccountsCommand.Token.class
    })
public final class AccountsCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Options every subcommand shares. */
  static class Common {
    @Option(names = "--config", required = true, description = "YAML config with sources")
    Path config;

    @Option(names = "--lake", required = true, description = "lake folder or s3://bucket/prefix")
    String lake;
  }

  @Command(name = "discover", description = "Ask each token's host for its repositories.")
  static final class Discover implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      CommitStatsConfig cfg = CommitStatsConfig.load(common.config);
      List<SourceConfig> hosted = Accounts.hosted(cfg.sources());
      if (hosted.isEmpty()) {
        System.err.println(
            "error: the config has no github, gitlab or azure source: add one (see README.md,"
                + " 'Collect from your accounts')");
        return 2;
      }
      try (Lake l = Lake.open(common.lake)) {
        AccountsState state = Accounts.fromEnvironment().discoverAll(l, hosted);
        print(l, cfg, state, System.out);
        return state.tokens().stream().allMatch(t -> t.status().equals("valid")) ? 0 : 1;
      }
    }
  }

  @Command(name = "list", description = "Show the repository table and the token table.")
  static final class ListTables implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      CommitStatsConfig cfg = CommitStatsConfig.load(common.config);
      try (Lake l = Lake.open(common.lake)) {
        print(l, cfg, AccountsState.load(l), System.out);
      }
      return 0;
    }
  }

  /** Sets an owner or a repository active or inactive in the config file. */
  abstract static class Select implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(names = "--owner", description = "a user, organization, group or ADO org/project")
    String owner;

    @Option(names = "--repo", description = "one repository, as owner/name")
    String repo;

    @Option(
        names = "--source",
        description = "github, gitlab or azure (needed when the config has several)")
    String source;

    abstract String state();

    @Override
    public Integer call() throws Exception {
      if ((owner == null) == (repo == null)) {
        System.err.println("error: give exactly one of --owner NAME or --repo OWNER/NAME");
        return 2;
      }
      String text = Files.readString(common.config);
      CommitStatsConfig.parse(text, common.config.toString()); // valid before we touch it
      ObjectMapper yaml =
          new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
      JsonNode root = yaml.readTree(text);
      ObjectNode target = null;
      int matches = 0;
      if (root != null && root.path("sources") instanceof ArrayNode sources) {
        for (JsonNode s : sources) {
          String p = s.path("provider").asText("");
          if (Provider.parse(p).hosted() && (source == null || source.equalsIgnoreCase(p))) {
            target = (ObjectNode) s;
            matches++;
          }
        }
      }
      if (matches != 1) {
        System.err.println(
            "error: "
                + (matches == 0
                    ? "no hosted source" + (source == null ? "" : " '" + source + "'")
                    : matches + " hosted sources match: choose one with --source")
                + " in "
                + common.config);
        return 2;
      }
      String field = owner != null ? "owners" : "repos";
      ObjectNode map =
          target.path(field) instanceof ObjectNode existing ? existing : target.putObject(field);
      map.put(owner != null ? owner : repo, state());
      String updated = yaml.writeValueAsString(root);
      CommitStatsConfig.parse(updated, common.config.toString());
      Path tmp = common.config.resolveSibling(common.config.getFileName() + ".tmp");
      Files.writeString(tmp, updated);
      Files.move(tmp, common.config, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      System.out.printf(
          "%s %s is now %s in %s (the file is rewritten: comments are not kept)%n",
          owner != null ? "owner" : "repository",
          owner != null ? owner : repo,
          state(),
          common.config);
      CommitStatsConfig cfg = CommitStatsConfig.load(common.config);
      try (Lake l = Lake.open(common.lake)) {
        print(l, cfg, AccountsState.load(l), System.out);
      }
      return 0;
    }
  }

  @Command(name = "activate", description = "Count an owner or repository.")
  static final class Activate extends Select {
    @Override
    String state() {
      return "active";
    }
  }

  @Command(name = "deactivate", description = "Stop collecting an owner or repository.")
  static final class Deactivate extends Select {
    @Override
    String state() {
      return "inactive";
    }
  }

  /** {@code accounts token set|list|remove}: the encrypted token store. */
  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = "Tokens kept encrypted (AES-GCM envelope, key file 0600) for the sources.",
      subcommands = {Token.Set.class, Token.ListNames.class, Token.Remove.class})
  static final class Token implements Runnable {
    @Override
    public void run() {
      new CommandLine(this).usage(System.out);
    }

    @Command(name = "set", description = "Store a token, read from standard input (no echo).")
    static final class Set implements Callable<Integer> {
      @CommandLine.Parameters(index = "0", description = "its name: the source's token_env")
      String name;

      @Override
      public Integer call() throws Exception {
        String token;
        java.io.Console console = System.console();
        if (console != null) {
          char[] typed = console.readPassword("token for %s: ", name);
          token = typed == null ? null : new String(typed);
        } else {
          token =
              new java.io.BufferedReader(
                      new java.io.InputStreamReader(
                          System.in, java.nio.charset.StandardCharsets.UTF_8))
                  .readLine();
        }
        if (token == null || token.isBlank()) {
          System.err.println("error: no token on standard input");
          return 2;
        }
        var store = TokenStore.fromEnvironment();
        store.put(name, token.trim());
        System.out.printf("stored %s encrypted in %s%n", name, store.dir());
        return 0;
      }
    }

    @Command(name = "list", description = "Names of the stored tokens (never their values).")
    static final class ListNames implements Callable<Integer> {
      @Override
      public Integer call() {
        TokenStore.fromEnvironment().names().forEach(System.out::println);
        return 0;
      }
    }

    @Command(name = "remove", description = "Forget a stored token.")
    static final class Remove implements Callable<Integer> {
      @CommandLine.Parameters(index = "0")
      String name;

      @Override
      public Integer call() {
        boolean had = TokenStore.fromEnvironment().remove(name);
        System.out.println(had ? "removed " + name : "no token " + name + " in the store");
        return had ? 0 : 1;
      }
    }
  }

  /**
   * The repository table (URL, last update, status, active, extra, all commits processed, last
   * commit found and its time) and the token table (name, host, status, last update, refresh
   * message): discovery joined with the newest collection status in {@code raw/repos}.
   */
  static void print(Lake lake, CommitStatsConfig cfg, AccountsState state, PrintStream out)
      throws SQLException, IOException {
    try (Connection c = LakeSql.open(lake)) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TEMP TABLE discovered (repo_url VARCHAR, url VARCHAR, active BOOLEAN,"
                + " extra BOOLEAN, visibility VARCHAR)");
        s.execute(
            "CREATE TEMP TABLE tokens (name VARCHAR, host VARCHAR, provider VARCHAR, status"
                + " VARCHAR, login VARCHAR, emails VARCHAR, last_update TIMESTAMPTZ,"
                + " refresh_message VARCHAR)");
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO discovered VALUES (?, ?, ?, ?, ?)")) {
        for (SourceConfig src : Accounts.hosted(cfg.sources())) {
          for (AccountsState.Found f : state.reposOf(src.key())) {
            var r = f.repo();
            ps.setString(1, RepoUrls.normalize(r.cloneUrl()));
            ps.setString(2, r.cloneUrl());
            ps.setBoolean(3, src.isActive() && src.selects(r.owner(), r.fullName()));
            ps.setBoolean(4, false);
            ps.setString(5, r.visibility());
            ps.addBatch();
          }
        }
        for (SourceConfig src : cfg.sources()) {
          if (src.kind() == Provider.GIT && src.url() != null) {
            String url;
            try {
              url = RepoUrls.normalize(src.url());
            } catch (IllegalArgumentException e) {
              continue;
            }
            ps.setString(1, url);
            ps.setString(2, url);
            ps.setBoolean(3, src.isActive());
            ps.setBoolean(4, src.isExtra());
            ps.setString(
                5, src.visibility() == null ? Visibility.PRIVATE.value() : src.visibility());
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (AccountsState.TokenStatus t : state.tokens()) {
          ps.setString(1, t.name());
          ps.setString(2, t.host());
          ps.setString(3, t.provider());
          ps.setString(4, t.status());
          ps.setString(5, t.login());
          ps.setString(6, String.join(", ", t.emails()));
          ps.setObject(
              7,
              t.lastUpdate() == null
                  ? null
                  : java.time.OffsetDateTime.ofInstant(t.lastUpdate(), java.time.ZoneOffset.UTC));
          ps.setString(8, t.refreshMessage());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      out.println("Repositories");
      try (Statement s = c.createStatement();
          var rs =
              s.executeQuery(
                  """
                  WITH latest AS (
                    SELECT * FROM raw_repos
                    QUALIFY row_number() OVER (PARTITION BY repo_url ORDER BY last_update DESC) = 1)
                  SELECT d.url, d.visibility,
                         strftime(l.last_update, '%Y-%m-%d %H:%M') AS last_update,
                         coalesce(l.collect_status, 'not collected yet') AS status,
                         d.active, coalesce(l.is_extra, d.extra) AS extra,
                         l.all_commits_processed,
                         left(l.last_commit_sha, 12) AS last_commit_found,
                         strftime(l.last_commit_time, '%Y-%m-%d %H:%M')
                           AS last_commit_time
                  FROM discovered d LEFT JOIN latest l ON l.repo_url = d.repo_url
                  ORDER BY d.active DESC, d.url""")) {
        ResultPrinter.print(rs, ResultPrinter.Format.TABLE, out);
      }
      out.println();
      out.println("Tokens");
      try (Statement s = c.createStatement();
          var rs =
              s.executeQuery(
                  "SELECT name, host, provider, status, login, emails,"
                      + " strftime(last_update, '%Y-%m-%d %H:%M') AS last_update, refresh_message"
                      + " FROM tokens ORDER BY name")) {
        ResultPrinter.print(rs, ResultPrinter.Format.TABLE, out);
      }
      for (AccountsState.TokenStatus t : state.tokens()) {
        if (!t.status().equals("valid") && t.refreshMessage() != null) {
          out.printf("%s (%s): %s%n", t.name(), t.status(), t.refreshMessage());
        }
      }
    }
  }
}
