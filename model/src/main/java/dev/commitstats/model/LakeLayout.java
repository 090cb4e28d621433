package dev.commitstats.model;

/** Relative paths inside a lake (a local folder or an S3 prefix). */
public final class LakeLayout {
  private LakeLayout() {}

  public static final String RAW = "raw";
  public static final String DELTA = "delta";
  public static final String STATE = "state";

  /** {@code raw/<table>} */
  public static String rawTable(TableSchema table) {
    return RAW + "/" + table.name();
  }

  /** {@code raw/<table>/repo_id=<id>}: one Hive-style partition per repository. */
  public static String rawRepoPartition(TableSchema table, String repoId) {
    return rawTable(table) + "/repo_id=" + repoId;
  }

  /** {@code state/repos/<id>.json}: the incremental state of one repository. */
  /**
   * {@code state/runs/<run>.json}: written by each ingest run that wrote new commits (in AWS, its
   * creation starts the Glue refresh workflow). Small JSON: run id, repositories, new commits,
   * failures, finish time.
   */
  public static String runMarker(String runId) {
    return STATE + "/runs/" + runId + ".json";
  }

  public static String repoState(String repoId) {
    return STATE + "/repos/" + repoId + ".json";
  }

  /** The SQL name of a raw table: {@code raw_<table>}. */
  public static String rawSqlName(TableSchema table) {
    return "raw_" + table.name();
  }
}
