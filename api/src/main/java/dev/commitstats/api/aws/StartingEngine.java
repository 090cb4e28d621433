package dev.commitstats.api.aws;

import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.engine.TableVersions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An engine still starting: the app is built and started over it while the engine opens, and every
 * use waits for the engine (the handler's constructor waits too, so no request ever does).
 */
final class StartingEngine implements SqlEngine {
  private final String name;
  private final CompletableFuture<SqlEngine> engine;

  StartingEngine(String name, CompletableFuture<SqlEngine> engine) {
    this.name = name;
    this.engine = engine;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TableVersions versions() {
    return engine.join().versions();
  }

  @Override
  public Map<String, String> tableErrors() {
    return engine.join().tableErrors();
  }

  @Override
  public String unavailable() {
    return engine.join().unavailable();
  }

  @Override
  public <T> List<T> query(String sql, List<?> params, RowReader<T> reader) {
    return engine.join().query(sql, params, reader);
  }

  @Override
  public void close() {
    engine.thenAccept(SqlEngine::close);
  }
}
