package dev.commitstats.ingest.deps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cargo.toml and pyproject.toml. */
final class TomlManifests {
  private TomlManifests() {}

  private static final TomlMapper TOML = new TomlMapper();

  static JsonNode read(String text) throws MalformedManifestException {
    try {
      return TOML.readTree(text);
    } catch (IOException e) {
      throw new MalformedManifestException("not valid TOML: " + e.getMessage().split("\n")[0], e);
    }
  }

  /** Cargo.toml: [dependencies], [dev-dependencies], [build-dependencies], also per target. */
  static final class Cargo implements ManifestParser {
    private static final List<String> SECTIONS =
        List.of("dependencies", "dev-dependencies", "build-dependencies");

    @Override
    public Map<String, String> parse(String text) throws MalformedManifestException {
      JsonNode root = read(text);
      var out = new LinkedHashMap<String, String>();
      addSections(root, out);
      JsonNode targets = root.get("target");
      if (targets != null && targets.isObject()) {
        targets.elements().forEachRemaining(t -> addSections(t, out));
      }
      return out;
    }

    private static void addSections(JsonNode table, Map<String, String> out) {
      for (String section : SECTIONS) {
        JsonNode deps = table.get(section);
        if (deps == null || !deps.isObject()) {
          continue;
        }
        deps.fields()
            .forEachRemaining(
                e -> {
                  JsonNode v = e.getValue();
                  String name = e.getKey();
                  String version = null;
                  if (v.isTextual()) {
                    version = v.asText();
                  } else if (v.isObject()) {
                    if (v.hasNonNull("package")) {
                      name = v.get("package").asText();
                    }
                    version = v.hasNonNull("version") ? v.get("version").asText() : null;
                  }
                  out.putIfAbsent(name, version);
                });
      }
    }
  }

  /** pyproject.toml: PEP 621 and PEP 735 lists, and Poetry's tables. */
  static final class PyProject implements ManifestParser {
    @Override
    public Map<String, String> parse(String text) throws MalformedManifestException {
      JsonNode root = read(text);
      var out = new LinkedHashMap<String, String>();
      JsonNode project = root.path("project");
      addList(project.path("dependencies"), out);
      project.path("optional-dependencies").elements().forEachRemaining(l -> addList(l, out));
      root.path("dependency-groups").elements().forEachRemaining(l -> addList(l, out));
      JsonNode poetry = root.path("tool").path("poetry");
      addPoetry(poetry.path("dependencies"), out);
      addPoetry(poetry.path("dev-dependencies"), out);
      poetry.path("group").elements().forEachRemaining(g -> addPoetry(g.path("dependencies"), out));
      return out;
    }

    private static void addList(JsonNode list, Map<String, String> out) {
      if (list.isArray()) {
        list.elements()
            .forEachRemaining(
                r -> {
                  if (r.isTextual()) {
                    Pep508.add(r.asText(), out);
                  }
                });
      }
    }

    private static void addPoetry(JsonNode deps, Map<String, String> out) {
      if (!deps.isObject()) {
        return;
      }
      deps.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equalsIgnoreCase("python")) {
                  return;
                }
                JsonNode v = e.getValue();
                String version =
                    v.isTextual()
                        ? v.asText()
                        : v.hasNonNull("version") ? v.get("version").asText() : null;
                out.putIfAbsent(Pep508.normalize(e.getKey()), version);
              });
    }
  }
}
