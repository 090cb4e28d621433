package dev.commitstats.ingest.classify;

import dev.commitstats.model.FileCategory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A first, readable rule table: language by file name and extension, category by well-known
 * vendored folders, generated suffixes, lockfiles, documentation and data formats. Rules are
 * checked in this order: lockfile, vendored, generated, file name, extension.
 */
public final class ExtensionClassifier implements FileClassifier {

  private static final Map<String, String> BY_EXTENSION = new HashMap<>();
  private static final Map<String, String> BY_FILENAME = new HashMap<>();
  private static final Map<String, FileCategory> CATEGORY_BY_LANGUAGE = new HashMap<>();

  private static void lang(String language, FileCategory category, String... extensions) {
    for (String e : extensions) {
      BY_EXTENSION.put(e, language);
    }
    CATEGORY_BY_LANGUAGE.put(language, category);
  }

  static {
    FileCategory code = FileCategory.CODE;
    FileCategory doc = FileCategory.DOCUMENTATION;
    FileCategory data = FileCategory.DATA;
    lang("Java", code, "java");
    lang("Kotlin", code, "kt", "kts");
    lang("Scala", code, "scala", "sc");
    lang("Groovy", code, "groovy", "gradle");
    lang("Python", code, "py", "pyi", "pyw", "pyx");
    lang("JavaScript", code, "js", "mjs", "cjs", "jsx");
    lang("TypeScript", code, "ts", "mts", "cts");
    lang("TSX", code, "tsx");
    lang("Go", code, "go");
    lang("Rust", code, "rs");
    lang("C", code, "c", "h");
    lang("C++", code, "cc", "cpp", "cxx", "hpp", "hh", "hxx", "c++", "ino");
    lang("C#", code, "cs", "csx");
    lang("F#", code, "fs", "fsi", "fsx");
    lang("Visual Basic .NET", code, "vb");
    lang("Objective-C", code, "m");
    lang("Objective-C++", code, "mm");
    lang("Swift", code, "swift");
    lang("Ruby", code, "rb", "rake", "gemspec");
    lang("PHP", code, "php", "phtml");
    lang("Perl", code, "pl", "pm", "t");
    lang("Shell", code, "sh", "bash", "zsh", "ksh");
    lang("PowerShell", code, "ps1", "psm1", "psd1");
    lang("Batchfile", code, "bat", "cmd");
    lang("Lua", code, "lua");
    lang("R", code, "r");
    lang("Julia", code, "jl");
    lang("Dart", code, "dart");
    lang("Elixir", code, "ex", "exs");
    lang("Erlang", code, "erl", "hrl");
    lang("Haskell", code, "hs", "lhs");
    lang("OCaml", code, "ml", "mli");
    lang("Clojure", code, "clj", "cljs", "cljc", "edn");
    lang("Elm", code, "elm");
    lang("Zig", code, "zig");
    lang("Nim", code, "nim");
    lang("Crystal", code, "cr");
    lang("V", code, "v");
    lang("D", code, "d");
    lang("Fortran", code, "f", "f90", "f95", "f03", "for");
    lang("Pascal", code, "pas", "pp");
    lang("Assembly", code, "asm", "s");
    lang("MATLAB", code, "matlab");
    lang("SQL", code, "sql");
    lang("PLpgSQL", code, "pgsql");
    lang("HCL", code, "tf", "tfvars", "hcl");
    lang("Nix", code, "nix");
    lang("Vue", code, "vue");
    lang("Svelte", code, "svelte");
    lang("HTML", code, "html", "htm", "xhtml");
    lang("CSS", code, "css");
    lang("SCSS", code, "scss");
    lang("Sass", code, "sass");
    lang("Less", code, "less");
    lang("Makefile", code, "mk", "mak");
    lang("CMake", code, "cmake");
    lang("Dockerfile", code, "dockerfile");
    lang("Protocol Buffer", code, "proto");
    lang("GraphQL", code, "graphql", "gql");
    lang("Thrift", code, "thrift");
    lang("Solidity", code, "sol");
    lang("Jupyter Notebook", code, "ipynb");
    lang("Vim Script", code, "vim");
    lang("Emacs Lisp", code, "el");
    lang("Common Lisp", code, "lisp", "lsp");
    lang("Scheme", code, "scm", "ss");
    lang("Racket", code, "rkt");
    lang("Tcl", code, "tcl");
    lang("Awk", code, "awk");
    lang("Cython", code, "pxd");
    lang("Apex", code, "cls");
    lang("ABAP", code, "abap");
    lang("COBOL", code, "cob", "cbl");
    lang("Ada", code, "adb", "ads");
    lang("Prolog", code, "pro");
    lang("Smalltalk", code, "st");
    lang("Hack", code, "hack");
    lang("Gherkin", code, "feature");
    lang("Markdown", doc, "md", "markdown", "mdx");
    lang("reStructuredText", doc, "rst");
    lang("AsciiDoc", doc, "adoc", "asciidoc");
    lang("TeX", doc, "tex", "sty", "cls");
    lang("Text", doc, "txt");
    lang("JSON", data, "json", "jsonc", "json5", "geojson");
    lang("YAML", data, "yml", "yaml");
    lang("TOML", data, "toml");
    lang("XML", data, "xml", "xsd", "xsl", "xslt", "plist", "csproj", "fsproj", "vbproj", "props");
    lang("INI", data, "ini", "cfg", "properties", "conf");
    lang("CSV", data, "csv", "tsv");
    lang("SVG", data, "svg");
    lang("Starlark", code, "bzl", "star");
    lang("Gettext Catalog", data, "po", "pot");
    lang("M4Sugar", code, "ac");
    lang("M4", code, "m4");
    lang("SmPL", code, "cocci");
    lang("Roff Manpage", doc, "mdoc");
    lang("Smarty", code, "tpl");
    lang("Jsonnet", code, "jsonnet", "libsonnet");
    lang("Handlebars", code, "hbs", "handlebars");
    lang("Pug", code, "pug");
    lang("Twig", code, "twig");
    lang("Jinja", code, "jinja", "jinja2", "j2");
    lang("Liquid", code, "liquid");
    lang("Mustache", code, "mustache");
    lang("Astro", code, "astro");
    lang("PureScript", code, "purs");
    lang("ReScript", code, "res");
    lang("Reason", code, "re");
    lang("Haxe", code, "hx");
    lang("Vala", code, "vala");
    lang("GLSL", code, "glsl", "vert", "frag");
    lang("HLSL", code, "hlsl");
    lang("Cuda", code, "cu", "cuh");
    lang("Verilog", code, "sv", "svh");
    lang("VHDL", code, "vhd", "vhdl");
    lang("Nextflow", code, "nf");
    lang("Bicep", code, "bicep");
    lang("Open Policy Agent", code, "rego");
    lang("CUE", code, "cue");
    lang("Gleam", code, "gleam");
    lang("Odin", code, "odin");
    lang("Mojo", code, "mojo");
    lang("Move", code, "move");
    lang("Cairo", code, "cairo");
    lang("Vyper", code, "vy");
    lang("Fennel", code, "fnl");
    lang("Janet", code, "janet");
    lang("WebAssembly", code, "wat", "wast");
    lang("Roff", doc, "1", "2", "3", "5", "7", "8", "man");
    lang("Org", doc, "org");
    lang("Diff", data, "diff", "patch");
    lang("Protocol Buffer Text Format", data, "textproto", "pbtxt");
    lang("HTTP", data, "http");
    lang("SQL", code, "ddl", "dml");
    // Restore what two languages share: .cls is Apex more often than TeX class files here.
    BY_EXTENSION.put("cls", "Apex");

    BY_FILENAME.put("makefile", "Makefile");
    BY_FILENAME.put("gnumakefile", "Makefile");
    BY_FILENAME.put("dockerfile", "Dockerfile");
    BY_FILENAME.put("containerfile", "Dockerfile");
    BY_FILENAME.put("cmakelists.txt", "CMake");
    BY_FILENAME.put("rakefile", "Ruby");
    BY_FILENAME.put("gemfile", "Ruby");
    BY_FILENAME.put("jenkinsfile", "Groovy");
    BY_FILENAME.put("build.gradle", "Groovy");
    BY_FILENAME.put("pom.xml", "Maven POM");
    BY_FILENAME.put("vagrantfile", "Ruby");
    BY_FILENAME.put("podfile", "Ruby");
    BY_FILENAME.put("brewfile", "Ruby");
    BY_FILENAME.put("fastfile", "Ruby");
    BY_FILENAME.put("build", "Starlark");
    BY_FILENAME.put("build.bazel", "Starlark");
    BY_FILENAME.put("workspace", "Starlark");
    BY_FILENAME.put("tiltfile", "Starlark");
    BY_FILENAME.put(".bashrc", "Shell");
    BY_FILENAME.put(".bash_profile", "Shell");
    BY_FILENAME.put(".zshrc", "Shell");
    BY_FILENAME.put(".profile", "Shell");
    BY_FILENAME.put("justfile", "Just");
    BY_FILENAME.put("procfile", "Procfile");
    BY_FILENAME.put("meson.build", "Meson");
    BY_FILENAME.put("sconstruct", "Python");
    BY_FILENAME.put("snakefile", "Snakemake");
    BY_FILENAME.put(".gitignore", "Ignore List");
    BY_FILENAME.put(".dockerignore", "Ignore List");
    BY_FILENAME.put(".gitattributes", "Git Attributes");
    BY_FILENAME.put(".editorconfig", "EditorConfig");
    BY_FILENAME.put("license", "Text");
    BY_FILENAME.put("copying", "Text");
    BY_FILENAME.put("notice", "Text");
    BY_FILENAME.put("authors", "Text");
    BY_FILENAME.put("contributors", "Text");
    BY_FILENAME.put("codeowners", "Text");
    BY_FILENAME.put("go.mod", "Go Module");
    BY_FILENAME.put("readme", "Text");
    BY_FILENAME.put("changelog", "Text");
    BY_FILENAME.put("install", "Text");
    BY_FILENAME.put("todo", "Text");
    BY_FILENAME.put("poetry.lock", "TOML");
    BY_FILENAME.put("pdm.lock", "TOML");
    BY_FILENAME.put("uv.lock", "TOML");
    BY_FILENAME.put("cargo.lock", "TOML");
    BY_FILENAME.put("pipfile", "TOML");
    BY_FILENAME.put("pipfile.lock", "JSON");
    BY_FILENAME.put("yarn.lock", "YAML");
    BY_FILENAME.put("gemfile.lock", "Text");
    BY_FILENAME.put("mix.lock", "Elixir");
    BY_FILENAME.put("flake.lock", "JSON");
    BY_FILENAME.put("configure.ac", "M4Sugar");
    BY_FILENAME.put("go.sum", "Go Checksums");
    CATEGORY_BY_LANGUAGE.put("Starlark", FileCategory.CODE);
    CATEGORY_BY_LANGUAGE.put("Just", FileCategory.CODE);
    CATEGORY_BY_LANGUAGE.put("Meson", FileCategory.CODE);
    CATEGORY_BY_LANGUAGE.put("Snakemake", FileCategory.CODE);
    CATEGORY_BY_LANGUAGE.put("fish", FileCategory.CODE);
    CATEGORY_BY_LANGUAGE.put("AppleScript", FileCategory.CODE);
    CATEGORY_BY_LANGUAGE.put("Procfile", FileCategory.DATA);
    CATEGORY_BY_LANGUAGE.put("Ignore List", FileCategory.DATA);
    CATEGORY_BY_LANGUAGE.put("Git Attributes", FileCategory.DATA);
    CATEGORY_BY_LANGUAGE.put("EditorConfig", FileCategory.DATA);
    CATEGORY_BY_LANGUAGE.put("Go Module", FileCategory.DATA);
    CATEGORY_BY_LANGUAGE.put("Go Checksums", FileCategory.DATA);
    CATEGORY_BY_LANGUAGE.put("Maven POM", FileCategory.DATA);
  }

  private static final List<String> LOCKFILES =
      List.of(
          "package-lock.json",
          "npm-shrinkwrap.json",
          "yarn.lock",
          "pnpm-lock.yaml",
          "bun.lockb",
          "poetry.lock",
          "pipfile.lock",
          "uv.lock",
          "pdm.lock",
          "cargo.lock",
          "go.sum",
          "gemfile.lock",
          "composer.lock",
          "packages.lock.json",
          "gradle.lockfile",
          "mix.lock",
          "pubspec.lock",
          "flake.lock",
          "podfile.lock");

  private static final List<String> VENDORED_SEGMENTS =
      List.of(
          "node_modules/",
          "vendor/",
          "vendors/",
          "third_party/",
          "third-party/",
          "thirdparty/",
          "bower_components/",
          ".yarn/",
          "site-packages/",
          "external/");

  private static final List<String> GENERATED_SUFFIXES =
      List.of(
          ".min.js",
          ".min.css",
          ".map",
          ".pb.go",
          "_pb2.py",
          "_pb2_grpc.py",
          ".pb.cc",
          ".pb.h",
          ".g.dart",
          ".designer.cs",
          ".generated.cs",
          "_generated.go",
          ".snap");

  /** Every language name these rules (and interpreter lines) can give, {@code Unknown} aside. */
  public static Set<String> languages() {
    Set<String> all = new TreeSet<>(BY_EXTENSION.values());
    all.addAll(BY_FILENAME.values());
    all.addAll(CATEGORY_BY_LANGUAGE.keySet());
    all.addAll(Shebang.languages());
    return all;
  }

  @Override
  public Classification classify(String path, byte[] content, LinguistOverrides overrides) {
    Classification byRules = byRules(path, content);
    if (overrides == null || overrides.equals(LinguistOverrides.NONE)) {
      return byRules;
    }
    String language = overrides.language() != null ? overrides.language() : byRules.language();
    FileCategory category = byRules.category();
    if (Boolean.TRUE.equals(overrides.vendored())) {
      category = FileCategory.VENDORED;
    } else if (Boolean.TRUE.equals(overrides.generated())) {
      category = FileCategory.GENERATED;
    } else if (Boolean.TRUE.equals(overrides.documentation())) {
      category = FileCategory.DOCUMENTATION;
    } else if ((Boolean.FALSE.equals(overrides.vendored()) && category == FileCategory.VENDORED)
        || (Boolean.FALSE.equals(overrides.generated()) && category == FileCategory.GENERATED)
        || (Boolean.FALSE.equals(overrides.documentation())
            && category == FileCategory.DOCUMENTATION)) {
      // explicitly not vendored/generated/documentation: what the language makes it
      category = CATEGORY_BY_LANGUAGE.getOrDefault(language, FileCategory.CODE);
    } else if (overrides.language() != null && category == FileCategory.DATA) {
      category = CATEGORY_BY_LANGUAGE.getOrDefault(language, FileCategory.CODE);
    }
    return new Classification(language, category);
  }

  private Classification byRules(String path, byte[] content) {
    String lower = path.toLowerCase(Locale.ROOT);
    int slash = lower.lastIndexOf('/');
    String fileName = slash >= 0 ? lower.substring(slash + 1) : lower;
    String language = language(fileName);
    if (language.equals(Classification.UNKNOWN)) {
      String script = Shebang.language(content);
      if (script != null) {
        language = script;
      }
    }
    if (LOCKFILES.contains(fileName)) {
      return new Classification(language, FileCategory.LOCKFILE);
    }
    String withSlash = "/" + lower;
    for (String segment : VENDORED_SEGMENTS) {
      if (withSlash.contains("/" + segment)) {
        return new Classification(language, FileCategory.VENDORED);
      }
    }
    for (String suffix : GENERATED_SUFFIXES) {
      if (fileName.endsWith(suffix)) {
        return new Classification(language, FileCategory.GENERATED);
      }
    }
    if (fileName.startsWith("readme") || fileName.startsWith("changelog")) {
      return new Classification(language, FileCategory.DOCUMENTATION);
    }
    FileCategory category = CATEGORY_BY_LANGUAGE.getOrDefault(language, FileCategory.DATA);
    if (withSlash.contains("/docs/") && category != FileCategory.CODE) {
      category = FileCategory.DOCUMENTATION;
    }
    return new Classification(language, category);
  }

  private static String language(String fileName) {
    String byName = BY_FILENAME.get(fileName);
    if (byName != null) {
      return byName;
    }
    if (fileName.startsWith("dockerfile.")) {
      return "Dockerfile";
    }
    int dot = fileName.lastIndexOf('.');
    if (dot < 0 || dot == fileName.length() - 1) {
      return Classification.UNKNOWN;
    }
    return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1), Classification.UNKNOWN);
  }
}
