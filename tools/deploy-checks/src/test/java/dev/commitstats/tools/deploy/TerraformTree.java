package dev.commitstats.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Every .tf file under a folder, read as Terraform's JSON form, grouped by module folder. */
final class TerraformTree {
  /** One top-level block: {@code resource "type" "name"}, {@code module "name"}, … */
  record Block(String kind, String type, String name, JsonNode body, Path file) {
    /** How a problem names it: {@code modules/lake/main.tf: aws_s3_bucket.this}. */
    String where(Path root) {
      String id =
          switch (kind) {
            case "resource" -> type + "." + name;
            case "data" -> "data." + type + "." + name;
            case "module", "variable", "output" -> kind + "." + name;
            default -> kind;
          };
      return root.relativize(file) + ": " + id;
    }

    /** The first of a nested block, e.g. {@code execution_property}. */
    Optional<JsonNode> block(String key) {
      JsonNode n = body.get(key);
      return n != null && n.isArray() && !n.isEmpty() ? Optional.of(n.get(0)) : Optional.empty();
    }
  }

  /** One folder of .tf files (a module or an environment). */
  record Folder(Path dir, List<Block> blocks, Map<String, JsonNode> locals) {
    Stream<Block> of(String kind) {
      return blocks.stream().filter(b -> b.kind.equals(kind));
    }

    Stream<Block> resources(String type) {
      return of("resource").filter(b -> b.type.equals(type));
    }

    Stream<Block> data(String type) {
      return of("data").filter(b -> b.type.equals(type));
    }

    Optional<Block> variable(String name) {
      return of("variable").filter(b -> b.name.equals(name)).findFirst();
    }
  }

  final Path root;
  final List<Path> files;
  final Map<Path, Folder> folders = new LinkedHashMap<>();

  /** Files HCL could not parse, with HCL's diagnostic. */
  final Map<Path, String> unparsable = new LinkedHashMap<>();

  private TerraformTree(Path root, List<Path> files) {
    this.root = root;
    this.files = files;
  }

  static TerraformTree read(Path root) throws IOException, InterruptedException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files =
          s.filter(p -> p.toString().endsWith(".tf"))
              .filter(p -> !p.toString().contains("/.terraform/"))
              .sorted()
              .toList();
    }
    var tree = new TerraformTree(root, files);
    JsonNode all = Toolchain.toJson(files);
    for (Path file : files) {
      JsonNode json = all.get(file.toString());
      Folder folder =
          tree.folders.computeIfAbsent(
              file.getParent(), d -> new Folder(d, new ArrayList<>(), new LinkedHashMap<>()));
      if (json == null || json.has("__error")) {
        tree.unparsable.put(file, json == null ? "not read" : json.get("__error").asText());
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
        var top = it.next();
        String kind = top.getKey();
        switch (kind) {
          case "resource", "data" -> {
            for (var type : iterable(top.getValue())) {
              for (var name : iterable(type.getValue())) {
                for (JsonNode body : name.getValue()) {
                  folder.blocks.add(new Block(kind, type.getKey(), name.getKey(), body, file));
                }
              }
            }
          }
          case "module", "variable", "output", "provider" -> {
            for (var name : iterable(top.getValue())) {
              for (JsonNode body : name.getValue()) {
                folder.blocks.add(new Block(kind, kind, name.getKey(), body, file));
              }
            }
          }
          case "locals" -> {
            for (JsonNode body : top.getValue()) {
              for (var local : iterable(body)) {
                folder.locals.put(local.getKey(), local.getValue());
              }
            }
          }
          default -> {
            for (JsonNode body : top.getValue()) {
              folder.blocks.add(new Block(kind, kind, kind, body, file));
            }
          }
        }
      }
    }
    return tree;
  }

  static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }

  Stream<Block> all(String kind) {
    return folders.values().stream().flatMap(f -> f.of(kind));
  }
}
