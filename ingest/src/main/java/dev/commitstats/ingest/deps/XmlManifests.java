package dev.commitstats.ingest.deps;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Maven pom.xml and .NET project files. Parsed without DTDs or external entities: the files come
 * from repositories we do not control.
 */
final class XmlManifests {
  private XmlManifests() {}

  static Document read(String text) throws MalformedManifestException {
    try {
      var f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      var builder = f.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new MalformedManifestException("not valid XML: " + e.getMessage(), e);
    }
  }

  static List<Element> children(Node parent, String name) {
    var out = new ArrayList<Element>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  static Element child(Node parent, String name) {
    var c = children(parent, name);
    return c.isEmpty() ? null : c.get(0);
  }

  static String text(Node parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().strip();
  }

  /**
   * pom.xml: project dependencies and managed dependencies, properties resolved from the POM and
   * from its parent POMs in the same repository ({@code <parent><relativePath>}, by default {@code
   * ../pom.xml}; a file there counts when its artifactId is the declared parent's), the child's
   * definitions winning, as Maven's inheritance has it. A property none of them defines (a parent
   * from a repository, a {@code -D} of the build) stays unresolved.
   */
  static final class MavenPom implements ManifestParser {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /** Parent POMs followed at the most (a cycle of relative paths ends here too). */
    static final int MAX_PARENTS = 10;

    @Override
    public Map<String, String> parse(String text) throws MalformedManifestException {
      return parse(text, "pom.xml", ManifestFiles.NONE);
    }

    @Override
    public boolean readsOtherFiles() {
      return true; // properties of the parent POMs
    }

    @Override
    public Map<String, String> parse(String text, String path, ManifestFiles files)
        throws MalformedManifestException {
      Element project = read(text).getDocumentElement();
      if (!project.getTagName().equals("project")) {
        throw new MalformedManifestException("the root element is not <project>");
      }
      var props = new HashMap<String, String>();
      inherit(project, path, files, props, 0);
      ownProperties(project, props);
      var out = new LinkedHashMap<String, String>();
      addDependencies(child(project, "dependencies"), props, out);
      addDependencies(child(child(project, "dependencyManagement"), "dependencies"), props, out);
      return out;
    }

    /** The properties of {@code project}'s parents, the farthest first, into {@code props}. */
    private static void inherit(
        Element project, String path, ManifestFiles files, Map<String, String> props, int depth) {
      Element parent = child(project, "parent");
      if (parent == null || depth >= MAX_PARENTS) {
        return;
      }
      Element relative = child(parent, "relativePath");
      String rel = relative == null ? "../pom.xml" : relative.getTextContent().strip();
      if (rel.isEmpty()) {
        return; // an empty relativePath: the parent comes from a repository
      }
      if (!rel.endsWith(".xml")) {
        rel = rel + "/pom.xml";
      }
      String parentPath = resolvePath(path, rel);
      byte[] bytes = parentPath == null ? null : files.read(parentPath);
      if (bytes == null) {
        return;
      }
      try {
        Element p = read(ManifestDiff.text(bytes)).getDocumentElement();
        if (!p.getTagName().equals("project")
            || !java.util.Objects.equals(text(p, "artifactId"), text(parent, "artifactId"))) {
          return;
        }
        inherit(p, parentPath, files, props, depth + 1);
        ownProperties(p, props);
      } catch (MalformedManifestException e) {
        // an unreadable parent defines nothing
      }
    }

    /** A project's own properties and version over those it inherited. */
    private static void ownProperties(Element project, Map<String, String> props) {
      Element properties = child(project, "properties");
      if (properties != null) {
        for (Node n = properties.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element e) {
            props.put(e.getTagName(), e.getTextContent().strip());
          }
        }
      }
      String parentVersion = text(child(project, "parent"), "version");
      if (parentVersion != null) {
        props.put("project.parent.version", parentVersion);
      }
      String version = text(project, "version");
      if (version == null) {
        version = parentVersion;
      }
      if (version != null) {
        props.put("project.version", version);
      }
    }

    /** {@code rel} against the folder of {@code path}, normalized; null when it leaves the repo. */
    static String resolvePath(String path, String rel) {
      var parts = new java.util.ArrayList<String>();
      int slash = path.lastIndexOf('/');
      if (slash > 0) {
        parts.addAll(List.of(path.substring(0, slash).split("/")));
      }
      for (String seg : rel.replace('\\', '/').split("/")) {
        if (seg.isEmpty() || seg.equals(".")) {
          continue;
        }
        if (seg.equals("..")) {
          if (parts.isEmpty()) {
            return null;
          }
          parts.remove(parts.size() - 1);
        } else {
          parts.add(seg);
        }
      }
      return String.join("/", parts);
    }

    private static void addDependencies(
        Element deps, Map<String, String> props, Map<String, String> out) {
      for (Element d : children(deps, "dependency")) {
        String group = resolve(text(d, "groupId"), props);
        String artifact = resolve(text(d, "artifactId"), props);
        if (group == null || artifact == null) {
          continue;
        }
        out.putIfAbsent(group + ":" + artifact, resolve(text(d, "version"), props));
      }
    }

    private static String resolve(String value, Map<String, String> props) {
      if (value == null) {
        return null;
      }
      String v = value;
      for (int i = 0; i < 5 && v.contains("${"); i++) {
        Matcher m = PROPERTY.matcher(v);
        var sb = new StringBuilder();
        while (m.find()) {
          m.appendReplacement(
              sb, Matcher.quoteReplacement(props.getOrDefault(m.group(1), m.group(0))));
        }
        m.appendTail(sb);
        if (sb.toString().equals(v)) {
          break;
        }
        v = sb.toString();
      }
      return v;
    }
  }

  /**
   * .csproj/.fsproj/.vbproj and Directory.Packages.props: PackageReference and PackageVersion
   * items, the version as an attribute or a child element; packages.config too.
   */
  static final class NuGet implements ManifestParser {
    @Override
    public Map<String, String> parse(String text) throws MalformedManifestException {
      Document doc = read(text);
      var out = new LinkedHashMap<String, String>();
      for (String tag : List.of("PackageReference", "PackageVersion")) {
        var items = doc.getElementsByTagName(tag);
        for (int i = 0; i < items.getLength(); i++) {
          Element e = (Element) items.item(i);
          String name = e.getAttribute("Include");
          if (name.isEmpty()) {
            name = e.getAttribute("Update");
          }
          if (name.isEmpty()) {
            continue;
          }
          String version = e.getAttribute("Version");
          if (version.isEmpty()) {
            version = text(e, "Version");
          }
          out.putIfAbsent(name, version == null || version.isEmpty() ? null : version);
        }
      }
      var packages = doc.getElementsByTagName("package");
      for (int i = 0; i < packages.getLength(); i++) {
        Element e = (Element) packages.item(i);
        if (!e.getAttribute("id").isEmpty()) {
          out.putIfAbsent(e.getAttribute("id"), e.getAttribute("version"));
        }
      }
      return out;
    }
  }
}
