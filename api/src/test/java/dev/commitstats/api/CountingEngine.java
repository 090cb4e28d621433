package dev.commitstats.api;

import dev.commitstats.api.engine.SqlEngine;
import dev.commitstats.api.engine.TableVersions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The real engine, counting the queries it is asked (to see what the cache saves). */
final class CountingEngine implements SqlEngine {
  final SqlEngine engine;
  final AtomicInteger queries = new AtomicInteger();

  CountingEngine(SqlEngine engine) {
    this.engine = engine;
  }

  @Override
  public String name() {
    return engine.name();
  }

  @Override
  public TableVersions versions() {
    return engine.versions();
  }

  @Override
  public <T> List<T> query(String sql, List<?> params, RowReader<T> reader) {
    queries.incrementAndGet();
    return engine.query(sql, params, reader);
  }

  @Override
  public void close() {
    // the wrapped engine belongs to the test class
  }
}
