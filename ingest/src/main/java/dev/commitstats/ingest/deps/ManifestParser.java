package dev.commitstats.ingest.deps;

import java.util.Map;

/** Reads the declared packages of one manifest: package name to version spec (null: none given). */
interface ManifestParser {
  Map<String, String> parse(String text) throws MalformedManifestException;
}
