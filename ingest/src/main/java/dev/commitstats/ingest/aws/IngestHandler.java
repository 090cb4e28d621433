package dev.commitstats.ingest.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commitstats.ingest.cli.IngestCommand;
import dev.commitstats.ingest.lake.RepoStatusRow;
import dev.commitstats.lake.Lake;
import dev.commitstats.runtime.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The scheduled ingest on AWS Lambda: one incremental ingest of every source of the deployment's
 * config, as {@code ./commitstats ingest --lake LAKE --config FILE} runs it, with what a Lambda
 * loses at a cold start kept in S3:
 *
 * <ul>
 *   <li>{@code COMMITSTATS_CONFIG}: the config (s3://…/commitstats.yaml), read at every run, so a
 *       change needs no redeploy;
 *   <li>{@code COMMITSTATS_TOKEN_STORE_URL}: the token store (envelope-encrypted; its data keys
 *       wrapped by KMS, {@code COMMITSTATS_TOKEN_KMS_KEY}), copied to {@code
 *       COMMITSTATS_TOKEN_STORE} (a folder in /tmp) at every run;
 *   <li>{@code COMMITSTATS_CLONE_CACHE_URL}: the bare clones. A repository whose branches did not
 *       move on its host ({@code ls-remote}) is not opened at all; one that moved and is missing
 *       from /tmp is restored from S3, then fetched (only what is new comes from the host); what a
 *       run opened is saved back, new objects and refs only.
 * </ul>
 *
 * <p>{@code COMMITSTATS_INGEST_THREADS} sets {@code --threads} (repositories at once).
 *
 * <p>Answers {"run_id", "repositories", "new_commits", "failed"}; each failed repository is one log
 * line {"event":"repository_failed",...} (the alarm's metric filter counts them). A run that cannot
 * start (no config, a broken config, the lake busy) fails the invocation.
 */
public final class IngestHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;

  public IngestHandler() {
    this(System.getenv());
  }

  IngestHandler(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes(); // the schedule's event says nothing the run needs
    ObjectNode answer = run();
    JSON.writeValue(output, answer);
  }

  ObjectNode run() throws IOException {
    Path work = Path.of(env.getOrDefault("COMMITSTATS_WORK_DIR", "/tmp/commitstats"));
    String lake = required("COMMITSTATS_LAKE", "the lake, s3://bucket");
    String configUrl =
        required("COMMITSTATS_CONFIG", "the config, s3://bucket/config/commitstats.yaml");
    Path config = Files.createDirectories(work).resolve("commitstats.yaml");
    Files.write(config, readObject(configUrl));

    String tokensUrl = env.get("COMMITSTATS_TOKEN_STORE_URL");
    if (tokensUrl != null && !tokensUrl.isBlank()) {
      String dir = required("COMMITSTATS_TOKEN_STORE", "the local folder of the token store");
      try (Lake store = Lake.open(tokensUrl)) {
        FolderSync.download(store, Path.of(dir), true);
      }
    }

    Path clones = work.resolve("clones");
    String cacheUrl = env.get("COMMITSTATS_CLONE_CACHE_URL");
    Lake cache = cacheUrl == null || cacheUrl.isBlank() ? null : Lake.open(cacheUrl);
    try {
      return ingest(lake, config, configUrl, clones, cache);
    } finally {
      if (cache != null) {
        cache.close();
      }
    }
  }

  private ObjectNode ingest(String lake, Path config, String configUrl, Path clones, Lake cache)
      throws IOException {
    var command = new IngestCommand();
    if (cache != null) {
      // a clone missing in /tmp (a cold start) comes from S3, and only when its host moved
      command.cloneCache(
          (repoId, target) -> {
            // kept in the cache under the clone folder's own name
            var c = FolderSync.download(cache, target.getFileName().toString(), target, false);
            log(
                c.files() > 0 ? "clone_restored" : "clone_not_cached",
                Map.of("repo_id", repoId, "files", c.files(), "bytes", c.bytes()));
            return c.files() > 0;
          });
    }
    var args =
        new ArrayList<>(
            List.of(
                "--lake",
                lake,
                "--config",
                config.toString(),
                "--cache-dir",
                clones.toString(),
                "--progress",
                "never"));
    String threads = env.get("COMMITSTATS_INGEST_THREADS");
    if (threads != null && !threads.isBlank()) {
      // asking hosts for refs waits on the network: more repositories at once than vCPUs
      args.addAll(List.of("--threads", threads.strip()));
    }
    int status = new CommandLine(command).execute(args.toArray(String[]::new));
    var result = command.lastResult();
    if (result.isEmpty()) {
      throw new IllegalStateException(
          "the ingest did not run (status "
              + status
              + "): see the lines above; check the config at "
              + configUrl);
    }
    if (cache != null) {
      long t0 = System.nanoTime();
      int files = 0;
      long bytes = 0;
      for (Path dir : command.openedClones()) {
        if (Files.isDirectory(dir)) {
          var c = FolderSync.upload(dir, cache, dir.getFileName().toString());
          files += c.files();
          bytes += c.bytes();
        }
      }
      log(
          "clone_cache_saved",
          Map.of(
              "repositories",
              command.openedClones().size(),
              "files",
              files,
              "bytes",
              bytes,
              "ms",
              (System.nanoTime() - t0) / 1_000_000));
    }
    for (RepoStatusRow f : result.get().failures()) {
      log(
          "repository_failed",
          Map.of(
              "repo_id", f.repoId(),
              "repo_url", Secrets.redact(f.repoUrl()),
              "error", Secrets.redact(String.valueOf(f.errorMessage()))));
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("run_id", result.get().runId());
    answer.put("repositories", result.get().repos().size());
    answer.put("new_commits", result.get().newCommits());
    answer.put("failed", result.get().failures().size());
    return answer;
  }

  private byte[] readObject(String url) throws IOException {
    int slash = url.lastIndexOf('/');
    if (slash <= "s3://".length()) {
      throw new IllegalStateException(
          "COMMITSTATS_CONFIG " + url + " names no file: s3://bucket/path/commitstats.yaml");
    }
    try (Lake parent = Lake.open(url.substring(0, slash))) {
      return parent
          .read(url.substring(slash + 1))
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no config at "
                          + url
                          + ": upload it (aws s3 cp commitstats.yaml "
                          + url
                          + ")"));
    }
  }

  private String required(String name, String what) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          name + " is not set: set it to " + what + " in the function's environment");
    }
    return v;
  }

  private static void log(String event, Map<String, Object> fields) {
    ObjectNode line = JSON.createObjectNode();
    line.put("event", event);
    fields.forEach((k, v) -> line.putPOJO(k, v));
    System.out.println(line);
  }
}
