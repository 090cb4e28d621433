package dev.commitstats.ingest.deps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * build.gradle and build.gradle.kts: dependency declarations written as {@code
 * "group:name:version"} strings or {@code group: .., name: .., version: ..} maps in the usual
 * configurations. Version catalog references ({@code libs.x}) name no package here and are not
 * counted.
 */
final class GradleBuild implements ManifestParser {
  private static final String CONFIGURATIONS =
      "(?:implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly"
          + "|testCompileOnly|annotationProcessor|kapt|ksp|compile|testCompile|runtime"
          + "|classpath|developmentOnly|androidTestImplementation|debugImplementation"
          + "|platform|enforcedPlatform)";
  private static final Pattern COORDINATES =
      Pattern.compile(
          "\\b"
              + CONFIGURATIONS
              + "\\s*\\(?\\s*(?:platform\\s*\\(\\s*)?[\"']([^\"':\\s]+):([^\"':\\s]+)(?::([^\"'@\\s]+))?(?:@[^\"']*)?[\"']");
  private static final Pattern MAP =
      Pattern.compile(
          "\\b"
              + CONFIGURATIONS
              + "\\s*\\(?\\s*group\\s*[:=]\\s*[\"']([^\"']+)[\"']\\s*,\\s*name\\s*[:=]\\s*[\"']([^\"']+)[\"']"
              + "(?:\\s*,\\s*version\\s*[:=]\\s*[\"']([^\"']+)[\"'])?");

  @Override
  public Map<String, String> parse(String text) {
    var out = new LinkedHashMap<String, String>();
    String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
    for (Pattern p : new Pattern[] {COORDINATES, MAP}) {
      Matcher m = p.matcher(code);
      while (m.find()) {
        out.putIfAbsent(m.group(1) + ":" + m.group(2), m.group(3));
      }
    }
    return out;
  }
}
