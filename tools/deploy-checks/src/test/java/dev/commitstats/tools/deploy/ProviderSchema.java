package dev.commitstats.tools.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments and nested blocks of the AWS provider's resources, read from the generated bindings
 * of {@code @cdktf/provider-aws} (one folder per resource: {@code lib/s3-bucket/index.js} lists
 * what Terraform accepts in {@code synthesizeHclAttributes}, with {@code isBlock}; the {@code
 * index.d.ts} interfaces say which are required).
 */
final class ProviderSchema {
  /** Arguments of one resource or nested block: name to required; blocks: name to their schema. */
  record Shape(Map<String, Boolean> arguments, Map<String, Block> blocks) {}

  record Block(Shape shape, boolean required) {}

  private static final Pattern ENTRY =
      Pattern.compile(
          "\\n\\s*\"?([a-z0-9_]+)\"?: \\{\\s*\\n\\s*value: ([^\\n]*),\\s*\\n\\s*isBlock: (true|false),");
  private static final Pattern STRUCT_FN = Pattern.compile("\\b([a-zA-Z0-9]+)ToHclTerraform\\b");
  private static final Pattern PROPERTY =
      Pattern.compile(
          "#([a-z0-9_]+) [A-Za-z0-9]+#[a-z0-9_]+\\}\\s*\\n\\s*\\*/\\s*\\n\\s*readonly [A-Za-z0-9_]+(\\??):");

  private final Path lib;
  private final Map<String, Optional<Shape>> cache = new HashMap<>();

  ProviderSchema(Path nodeModules) {
    this.lib = nodeModules.resolve("@cdktf/provider-aws/lib");
  }

  /** A resource type ({@code aws_s3_bucket}), a data source, or the provider ({@code aws}). */
  synchronized Optional<Shape> shape(String kind, String type) {
    String key = kind + " " + type;
    if (!cache.containsKey(key)) {
      cache.put(key, load(kind, type));
    }
    return cache.get(key);
  }

  private Optional<Shape> load(String kind, String type) {
    String folder =
        switch (kind) {
          case "provider" -> "provider";
          case "data" -> "data-" + type.replace('_', '-');
          default -> type.replaceFirst("^aws_", "").replace('_', '-');
        };
    Path js = lib.resolve(folder).resolve("index.js");
    Path dts = lib.resolve(folder).resolve("index.d.ts");
    if (!Files.exists(js)) {
      return Optional.empty();
    }
    try {
      String code = Files.readString(js);
      String types = Files.readString(dts);
      Matcher declared =
          Pattern.compile("(\\w+)\\.tfResourceType = \"([a-z0-9_]+)\";").matcher(code);
      if (!declared.find() || !declared.group(2).equals(type)) {
        return Optional.empty();
      }
      String className = declared.group(1);
      int start = code.indexOf("synthesizeHclAttributes() {");
      if (start < 0) {
        throw new IllegalStateException("no synthesizeHclAttributes in " + js);
      }
      return Optional.of(
          shape(code, types, attrsAfter(code, start), className + "Config", new HashMap<>()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + js + ": " + e.getMessage(), e);
    }
  }

  /** The text of {@code const attrs = { … };} after a position. */
  private static String attrsAfter(String code, int from) {
    int open = code.indexOf("const attrs = {", from);
    int end = code.indexOf("\n        };", open);
    int endStruct = code.indexOf("\n    };", open);
    int close = end < 0 ? endStruct : (endStruct < 0 ? end : Math.min(end, endStruct));
    return code.substring(open, close);
  }

  private Shape shape(
      String code, String types, String attrs, String interfaceName, Map<String, Shape> seen) {
    if (seen.containsKey(interfaceName)) {
      return seen.get(interfaceName);
    }
    var arguments = new LinkedHashMap<String, Boolean>();
    var blocks = new LinkedHashMap<String, Block>();
    var shape = new Shape(arguments, blocks);
    seen.put(interfaceName, shape);
    Map<String, Boolean> required = required(types, interfaceName);
    Matcher m = ENTRY.matcher(attrs);
    while (m.find()) {
      String name = m.group(1);
      boolean req = required.getOrDefault(name, false);
      if (m.group(3).equals("true")) {
        Matcher fn = STRUCT_FN.matcher(m.group(2));
        String struct = null;
        while (fn.find()) {
          if (!fn.group(1).equals("cdktf")) {
            struct = fn.group(1);
          }
        }
        if (struct == null) {
          throw new IllegalStateException("block " + name + " of " + interfaceName + ": no mapper");
        }
        int def = code.indexOf("function " + struct + "ToHclTerraform(struct) {");
        String inner = Character.toUpperCase(struct.charAt(0)) + struct.substring(1);
        blocks.put(name, new Block(shape(code, types, attrsAfter(code, def), inner, seen), req));
      } else {
        arguments.put(name, req);
      }
    }
    return shape;
  }

  /** Which properties of a generated interface are required (no {@code ?}), by snake name. */
  private static Map<String, Boolean> required(String types, String interfaceName) {
    var out = new HashMap<String, Boolean>();
    int start = types.indexOf("export interface " + interfaceName + " ");
    if (start < 0) {
      return out;
    }
    int end = types.indexOf("\n}", start);
    Matcher p = PROPERTY.matcher(types.substring(start, end));
    while (p.find()) {
      out.put(p.group(1), p.group(2).isEmpty());
    }
    return out;
  }
}
