package dev.commitstats.ingest.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.commitstats.ingest.IngestErrors;
import dev.commitstats.lake.Lake;
import dev.commitstats.model.LakeLayout;
import java.io.IOException;

/** Reads and replaces per-repository state in the lake. */
final class StateStore {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final Lake lake;

  StateStore(Lake lake) {
    this.lake = lake;
  }

  RepoState load(String repoId, String repoUrl) throws IOException {
    String path = LakeLayout.repoState(repoId);
    var bytes = lake.read(path);
    if (bytes.isEmpty()) {
      return RepoState.empty(repoId, repoUrl);
    }
    try {
      return JSON.readValue(bytes.get(), RepoState.class);
    } catch (IOException e) {
      throw IngestErrors.damagedState(path, lake.location(), e);
    }
  }

  void save(RepoState state) throws IOException {
    lake.write(LakeLayout.repoState(state.repoId()), JSON.writeValueAsBytes(state));
  }
}
