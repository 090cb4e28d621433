package dev.commitstats.ingest.spark;

import dev.commitstats.ingest.cli.Main;
import dev.commitstats.lake.Lake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The distributed ingest as a Glue 5.0 job ({@code glue/ingest.scala} calls this): {@code
 * ./commitstats ingest --config FILE --spark-master auto} with Glue's job arguments. Ours are
 * {@code --lake s3://…}, {@code --config s3://…/commitstats.yaml} (read at every run, so a config
 * change needs no redeploy), {@code --token-store s3://…} with {@code --token-kms-key KEY} (the
 * envelope-encrypted token store, copied to the driver at every run: Glue sets no environment
 * variables) and optionally {@code --split-commits}, {@code --task-threads}, {@code
 * --batch-commits}; Glue's own ({@code --JOB_ID}, {@code --TempDir}, …) are ignored.
 */
public final class CommitStatsIngest {
  private static final Set<String> OURS =
      Set.of(
          "lake",
          "config",
          "token-store",
          "token-kms-key",
          "split-commits",
          "task-threads",
          "batch-commits");

  /** Job arguments that configure the process rather than the command. */
  private static final Set<String> PROCESS = Set.of("token-store", "token-kms-key");

  private CommitStatsIngest() {}

  public static void main(String[] args) throws IOException {
    int status = Main.run(commandLine(args).toArray(String[]::new));
    if (status != 0) {
      // Glue marks the run failed, which the alarms report; the lake holds what succeeded
      throw new IllegalStateException(
          status == 1
              ? "ingest finished, but some repositories failed: their errors are in raw/repos"
                  + " and the status page"
              : "ingest refused its arguments (exit " + status + "): see the lines above");
    }
  }

  static List<String> commandLine(String[] args) throws IOException {
    Map<String, String> ours = ours(args);
    if (!ours.containsKey("lake") || !ours.containsKey("config")) {
      throw new IllegalArgumentException(
          "the ingest job needs --lake s3://bucket/prefix and --config"
              + " s3://bucket/config/commitstats.yaml among its job arguments");
    }
    var cmd = new ArrayList<>(List.of("ingest", "--spark-master", "auto", "--progress", "never"));
    if (ours.containsKey("token-store")) {
      // the driver reads tokens (the executors get them in a broadcast): a local copy of the store
      Path dir = Files.createTempDirectory("commitstats-tokens");
      try (Lake store = Lake.open(ours.get("token-store"))) {
        dev.commitstats.ingest.aws.FolderSync.download(store, dir, true);
      }
      System.setProperty("commitstats.token-store", dir.toString());
    }
    if (ours.containsKey("token-kms-key")) {
      System.setProperty("commitstats.token-kms-key", ours.get("token-kms-key"));
    }
    for (var e : ours.entrySet()) {
      if (PROCESS.contains(e.getKey())) {
        continue;
      }
      String value = e.getValue();
      if (e.getKey().equals("config") && value.startsWith("s3://")) {
        value = download(value).toString();
      }
      cmd.add("--" + e.getKey());
      cmd.add(value);
    }
    cmd.add("--cache-dir");
    cmd.add(Path.of(System.getProperty("java.io.tmpdir"), "commitstats-repos").toString());
    return cmd;
  }

  private static Map<String, String> ours(String[] args) {
    var out = new LinkedHashMap<String, String>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        continue;
      }
      String key = args[i].substring(2);
      if (!OURS.contains(key)) {
        continue;
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new IllegalArgumentException("--" + key + " needs a value: --" + key + " VALUE");
      }
      if (out.put(key, args[++i]) != null) {
        throw new IllegalArgumentException("--" + key + " is given twice: give it once");
      }
    }
    return out;
  }

  private static Path download(String url) throws IOException {
    int slash = url.lastIndexOf('/');
    if (slash <= "s3://".length()) {
      throw new IllegalArgumentException(
          "--config " + url + " names no file: s3://bucket/path/commitstats.yaml");
    }
    try (Lake parent = Lake.open(url.substring(0, slash))) {
      byte[] bytes =
          parent
              .read(url.substring(slash + 1))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no config at "
                              + url
                              + ": upload it (aws s3 cp commitstats.yaml "
                              + url
                              + ")"));
      Path file = Files.createTempFile("commitstats", ".yaml");
      Files.write(file, bytes);
      return file;
    }
  }
}
