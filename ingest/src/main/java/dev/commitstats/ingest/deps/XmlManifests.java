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

  /** pom.xml: project dependencies and managed dependencies, properties resolved. */
  static final class MavenPom implements ManifestParser {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    @Override
    public Map<String, String> parse(String text) throws MalformedManifestException {
      Element project = read(text).getDocumentElement();
      if (!project.getTagName().equals("project")) {
        throw new MalformedManifestException("the root element is not <project>");
      }
      var props = new HashMap<String, String>();
      Element properties = child(project, "properties");
      if (properties != null) {
        for (Node n = properties.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element e) {
            props.put(e.getTagName(), e.getTextContent().strip());
          }
        }
      }
      String version = text(project, "version");
      if (version == null) {
        version = text(child(project, "parent"), "version");
      }
      if (version != null) {
        props.put("project.version", version);
      }
      var out = new LinkedHashMap<String, String>();
      addDependencies(child(project, "dependencies"), props, out);
      addDependencies(child(child(project, "dependencyManagement"), "dependencies"), props, out);
      return out;
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
