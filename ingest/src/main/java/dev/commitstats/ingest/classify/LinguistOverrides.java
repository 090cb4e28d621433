package dev.commitstats.ingest.classify;

/**
 * What a repository's {@code .gitattributes} say about a path at one commit: {@code
 * linguist-language}, {@code linguist-vendored}, {@code linguist-generated} and {@code
 * linguist-documentation}. Null: not said, the rules decide; {@code false}: explicitly unset
 * ({@code -linguist-vendored}), which overrides a rule that would say yes.
 */
public record LinguistOverrides(
    String language, Boolean vendored, Boolean generated, Boolean documentation) {
  public static final LinguistOverrides NONE = new LinguistOverrides(null, null, null, null);
}
