package dev.commitstats.ingest.deps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cargo.toml, pyproject.toml and Gradle version catalogs. */
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

  /**
   * A Gradle version catalog ({@code gradle/libs.versions.toml}): its {@code [libraries]}, each
   * {@code "group:name:version"} or a table with {@code module} (or {@code group} and {@code name})
   * and {@code version} (a string, {@code version.ref} into {@code [versions]}, or a rich version's
   * {@code strictly}/{@code require}/{@code prefer}). The build files name these by alias ({@code
   * libs.x}); the catalog is where the packages and their versions are written.
   */
  static final class GradleCatalog implements ManifestParser {
    @Override
    public Map<String, String> parse(String text) throws MalformedManifestException {
      JsonNode root = read(text);
      JsonNode versions = root.path("versions");
      var out = new LinkedHashMap<String, String>();
      JsonNode libraries = root.path("libraries");
      if (!libraries.isObject()) {
        return out;
      }
      libraries
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode v = e.getValue();
                if (v.isTextual()) {
                  String[] gav = v.asText().split(":");
                  if (gav.length >= 2) {
                    out.putIfAbsent(gav[0] + ":" + gav[1], gav.length > 2 ? gav[2] : null);
                  }
                  return;
                }
                String module =
                    v.hasNonNull("module")
                        ? v.get("module").asText()
                        : v.hasNonNull("group") && v.hasNonNull("name")
                            ? v.get("group").asText() + ":" + v.get("name").asText()
                            : null;
                if (module != null) {
                  out.putIfAbsent(module, version(v.path("version"), versions));
                }
              });
      return out;
    }

    /** A library's version: a string, a {@code ref} into [versions], or a rich version. */
    private static String version(JsonNode v, JsonNode versions) {
      return plain(v.hasNonNull("ref") ? versions.path(v.get("ref").asText()) : v);
    }

    /**
     * A version string, or a rich version's {@code strictly}, {@code require} or {@code prefer}.
     */
    private static String plain(JsonNode v) {
      if (v.isTextual()) {
        return v.asText();
      }
      for (String key : List.of("strictly", "require", "prefer")) {
        if (v.hasNonNull(key)) {
          return v.get(key).asText();
        }
      }
      return null;
    }
  }
}
