package dev.commitstats.ingest.deps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** package.json: dependencies, devDependencies, peerDependencies, optionalDependencies. */
final class NpmPackageJson implements ManifestParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SECTIONS =
      List.of("dependencies", "devDependencies", "peerDependencies", "optionalDependencies");

  @Override
  public Map<String, String> parse(String text) throws MalformedManifestException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new MalformedManifestException("not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedManifestException("not readable JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedManifestException("not a JSON object");
    }
    var out = new LinkedHashMap<String, String>();
    for (String section : SECTIONS) {
      JsonNode deps = root.get(section);
      if (deps != null && deps.isObject()) {
        deps.fields()
            .forEachRemaining(
                e ->
                    out.putIfAbsent(
                        e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : null));
      }
    }
    return out;
  }
}
