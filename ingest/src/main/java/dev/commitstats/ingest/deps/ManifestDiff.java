package dev.commitstats.ingest.deps;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The packages a change of a dependency manifest added, removed or changed the version of: both
 * sides parsed by the manifest's own rules and compared. A side that cannot be parsed gives no
 * events (the caller logs a warning); an added manifest has an empty old side, a deleted one an
 * empty new side.
 */
public final class ManifestDiff {
  private ManifestDiff() {}

  /** Manifests larger than this are not parsed (generated or vendored, not written by hand). */
  static final int MAX_BYTES = 2 << 20;

  /** The kinds of manifest, by file name. */
  enum Kind {
    NPM("npm", new NpmPackageJson()),
    PIP_REQUIREMENTS("pypi", new PipRequirements()),
    PYPROJECT("pypi", new TomlManifests.PyProject()),
    GO("go", new GoMod()),
    CARGO("cargo", new TomlManifests.Cargo()),
    MAVEN("maven", new XmlManifests.MavenPom()),
    GRADLE("maven", new GradleBuild()),
    GRADLE_CATALOG("maven", new TomlManifests.GradleCatalog()),
    NUGET("nuget", new XmlManifests.NuGet());

    final String ecosystem;
    final ManifestParser parser;

    Kind(String ecosystem, ManifestParser parser) {
      this.ecosystem = ecosystem;
      this.parser = parser;
    }
  }

  static Optional<Kind> kind(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.equals("package.json")) {
      return Optional.of(Kind.NPM);
    }
    if (name.startsWith("requirements") && (name.endsWith(".txt") || name.endsWith(".in"))) {
      return Optional.of(Kind.PIP_REQUIREMENTS);
    }
    if (name.equals("pyproject.toml")) {
      return Optional.of(Kind.PYPROJECT);
    }
    if (name.equals("go.mod")) {
      return Optional.of(Kind.GO);
    }
    if (name.equals("cargo.toml")) {
      return Optional.of(Kind.CARGO);
    }
    if (name.equals("pom.xml")) {
      return Optional.of(Kind.MAVEN);
    }
    if (name.equals("build.gradle") || name.equals("build.gradle.kts")) {
      return Optional.of(Kind.GRADLE);
    }
    if (name.endsWith(".versions.toml")) {
      return Optional.of(Kind.GRADLE_CATALOG);
    }
    if (name.endsWith(".csproj")
        || name.endsWith(".fsproj")
        || name.endsWith(".vbproj")
        || name.equals("directory.packages.props")
        || name.equals("packages.config")) {
      return Optional.of(Kind.NUGET);
    }
    return Optional.empty();
  }

  /** Whether two manifest paths are read by the same rules (so their contents compare). */
  public static boolean sameKind(String a, String b) {
    return kind(a).isPresent() && kind(a).equals(kind(b));
  }

  /** Whether a path is a manifest this class reads. */
  public static boolean isManifest(String path) {
    return kind(path).isPresent();
  }

  /**
   * The events of one manifest change; {@code before}/{@code after} are null for a side that does
   * not exist.
   */
  public static List<DependencyEvent> diff(String path, byte[] before, byte[] after)
      throws MalformedManifestException {
    return diff(path, before, after, ManifestFiles.NONE, ManifestFiles.NONE);
  }

  /**
   * The events of one manifest change, reading other files of each side where the manifest refers
   * to them ({@code oldFiles} of the parent's tree, {@code newFiles} of the commit's).
   */
  public static List<DependencyEvent> diff(
      String path, byte[] before, byte[] after, ManifestFiles oldFiles, ManifestFiles newFiles)
      throws MalformedManifestException {
    Kind kind =
        kind(path).orElseThrow(() -> new IllegalArgumentException("not a manifest: " + path));
    Map<String, String> old =
        before == null ? Map.of() : ParsedManifests.of(kind, before, path, oldFiles);
    Map<String, String> now =
        after == null ? Map.of() : ParsedManifests.of(kind, after, path, newFiles);
    var names = new LinkedHashSet<String>(old.keySet());
    names.addAll(now.keySet());
    var out = new ArrayList<DependencyEvent>();
    for (String name : names) {
      boolean was = old.containsKey(name);
      boolean is = now.containsKey(name);
      String v0 = old.get(name);
      String v1 = now.get(name);
      if (was && !is) {
        out.add(DependencyEvent.of(path, kind.ecosystem, name, v0, null, DependencyEvent.REMOVED));
      } else if (!was && is) {
        out.add(DependencyEvent.of(path, kind.ecosystem, name, null, v1, DependencyEvent.ADDED));
      } else if (!Objects.equals(v0, v1)) {
        out.add(DependencyEvent.of(path, kind.ecosystem, name, v0, v1, DependencyEvent.CHANGED));
      }
    }
    return out;
  }

  static String text(byte[] bytes) throws MalformedManifestException {
    if (bytes.length > MAX_BYTES) {
      throw new MalformedManifestException(
          "larger than " + (MAX_BYTES >> 20) + " MiB: not a hand-written manifest");
    }
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      throw new MalformedManifestException("not UTF-8 text", e);
    }
  }
}
