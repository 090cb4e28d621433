package dev.commitstats.api.service;

import dev.commitstats.api.query.CvQueries;
import dev.commitstats.model.LanguageType;
import dev.commitstats.model.RepoUrls;
import dev.commitstats.model.config.CvCuration;
import dev.commitstats.model.config.UserConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users' CV curation ({@code users[].cv}) applied to the answers: what is hidden vanishes,
 * counted-as languages join the languages, aliases name private repositories, pinned open-source
 * repositories come first. The tables are never touched; the curation is part of every cache key
 * and ETag, so a changed curation is a changed answer.
 */
public final class Curation {
  private final Map<String, CvCuration> byUser;
  private final String fingerprint;

  public Curation(List<UserConfig> users) {
    var m = new HashMap<String, CvCuration>();
    users.stream()
        .filter(u -> !u.cv().equals(CvCuration.none()))
        .forEach(u -> m.put(u.id(), u.cv()));
    this.byUser = Map.copyOf(m);
    this.fingerprint = sha(new java.util.TreeMap<>(m).toString());
  }

  public static Curation none() {
    return new Curation(List.of());
  }

  CvCuration of(String userId) {
    return byUser.getOrDefault(userId, CvCuration.none());
  }

  /** Changes with the user's curation: part of the user's answers' cache keys (and ETags). */
  String key(String userId) {
    CvCuration c = byUser.get(userId);
    return c == null || c.equals(CvCuration.none()) ? "-" : sha(c.toString());
  }

  /** Changes with anyone's curation: the key of answers about every repository (status). */
  String key() {
    return fingerprint;
  }

  private static String sha(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- repositories ----

  /** The normalized URL of a configured repository (URL or path), or null when it is not one. */
  static String normalized(String location) {
    try {
      return RepoUrls.normalize(location);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The ids of the repositories the user hides, and of every repository whose URL, or upstream, is
   * hidden.
   */
  Set<String> hiddenRepoIds(String userId, List<CvQueries.Repo> repos) {
    Set<String> urls = hiddenUrls(userId, repos);
    var ids = new HashSet<String>();
    for (CvQueries.Repo r : repos) {
      if (urls.contains(r.repoUrl())) {
        ids.add(r.repoId());
      }
    }
    return ids;
  }

  /** The hidden URLs: as configured (normalized), and the upstreams of hidden forks. */
  Set<String> hiddenUrls(String userId, List<CvQueries.Repo> repos) {
    var urls = new HashSet<String>();
    for (String h : of(userId).hideRepositories()) {
      String n = normalized(h);
      if (n != null) {
        urls.add(n);
      }
    }
    for (CvQueries.Repo r : repos) {
      if (urls.contains(r.repoUrl()) && r.isFork() && r.upstreamUrl() != null) {
        String up = normalized(r.upstreamUrl());
        if (up != null) {
          urls.add(up);
        }
      }
    }
    return urls;
  }

  /** The alias of a repository (by its normalized URL), or null. */
  String alias(String userId, String repoUrl) {
    for (var e : of(userId).repositoryAliases().entrySet()) {
      if (repoUrl != null && repoUrl.equals(normalized(e.getKey()))) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Repository ids hidden by any user, and the aliases any user gives (for the status page). */
  Set<String> hiddenByAnyone(List<CvQueries.Repo> repos) {
    var ids = new HashSet<String>();
    byUser.keySet().forEach(u -> ids.addAll(hiddenRepoIds(u, repos)));
    return ids;
  }

  String aliasByAnyone(String repoUrl) {
    for (String u : new java.util.TreeSet<>(byUser.keySet())) {
      String a = alias(u, repoUrl);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  // ---- languages ----

  /** The linguist type a language is shown with: {@code programming} when counted as one. */
  String type(CvCuration c, String language, String type) {
    return c.countsAsLanguage(language) && !LanguageType.of(type).isLanguage()
        ? "programming"
        : type;
  }

  /**
   * The languages shown: without the hidden ones, counted-as languages typed as programming, and
   * the shares of lines recomputed over the languages shown (when the curation changed them).
   */
  List<CvQueries.Language> languages(String userId, List<CvQueries.Language> all) {
    CvCuration c = of(userId);
    if (c.hideLanguages().isEmpty() && c.countAsLanguages().isEmpty()) {
      return all;
    }
    var shown = new ArrayList<CvQueries.Language>();
    for (CvQueries.Language l : all) {
      if (!c.hidesLanguage(l.language())) {
        shown.add(withType(l, type(c, l.language(), l.languageType()), l.shareOfLines()));
      }
    }
    long total =
        shown.stream()
            .filter(CvQueries.Language::isLanguage)
            .mapToLong(CvQueries.Language::linesAdded)
            .sum();
    return shown.stream()
        .map(
            l ->
                withType(
                    l,
                    l.languageType(),
                    l.isLanguage() && total > 0 ? (double) l.linesAdded() / total : null))
        .toList();
  }

  private static CvQueries.Language withType(CvQueries.Language l, String type, Double share) {
    return new CvQueries.Language(
        l.language(),
        type,
        l.color(),
        l.commits(),
        l.linesAdded(),
        l.linesDeleted(),
        l.files(),
        l.repositories(),
        l.firstCommitTime(),
        l.lastCommitTime(),
        share);
  }

  /** The weeks without hidden languages, counted-as ones typed as programming. */
  List<CvQueries.Week> weeks(String userId, List<CvQueries.Week> all) {
    CvCuration c = of(userId);
    if (c.hideLanguages().isEmpty() && c.countAsLanguages().isEmpty()) {
      return all;
    }
    return all.stream()
        .filter(w -> !c.hidesLanguage(w.language()))
        .map(
            w ->
                new CvQueries.Week(
                    w.weekStart(),
                    w.language(),
                    type(c, w.language(), w.languageType()),
                    w.commits(),
                    w.linesAdded(),
                    w.linesDeleted(),
                    w.files(),
                    w.activeDays()))
        .toList();
  }

  /**
   * The totals with the lines of counted-as languages moved from their linguist group (data, prose,
   * other) to the language lines.
   */
  CvService.Totals totals(String userId, CvService.Totals t, List<CvQueries.Language> all) {
    CvCuration c = of(userId);
    long[] moved = new long[8]; // data +/-, prose +/-, other +/-, language +/-
    for (CvQueries.Language l : all) {
      if (!c.countsAsLanguage(l.language()) || l.isLanguage()) {
        continue;
      }
      int g =
          switch (LanguageType.of(l.languageType())) {
            case DATA -> 0;
            case PROSE -> 2;
            default -> 4;
          };
      moved[g] += l.linesAdded();
      moved[g + 1] += l.linesDeleted();
      moved[6] += l.linesAdded();
      moved[7] += l.linesDeleted();
    }
    if (moved[6] == 0 && moved[7] == 0) {
      return t;
    }
    return new CvService.Totals(
        t.commits(),
        t.linesAdded(),
        t.linesDeleted(),
        t.languageLinesAdded() + moved[6],
        t.languageLinesDeleted() + moved[7],
        t.dataLinesAdded() - moved[0],
        t.dataLinesDeleted() - moved[1],
        t.proseLinesAdded() - moved[2],
        t.proseLinesDeleted() - moved[3],
        t.otherLinesAdded() - moved[4],
        t.otherLinesDeleted() - moved[5],
        t.repositories(),
        t.bulkCommits(),
        t.firstCommitTime(),
        t.lastCommitTime(),
        t.yearsActive(),
        t.activeWeeks(),
        t.longestWeeklyStreak(),
        t.ossRepositories(),
        t.ossCommits(),
        t.packages());
  }

  /** Whether a language is shown among the languages (not hidden; a language or counted as one). */
  boolean showsAsLanguage(String userId, String language, String type) {
    CvCuration c = of(userId);
    return !c.hidesLanguage(language)
        && (LanguageType.of(type).isLanguage() || c.countsAsLanguage(language));
  }

  // ---- open source and packages ----

  /** Without hidden repositories; pinned ones first, in their order. */
  List<CvQueries.Oss> oss(String userId, List<CvQueries.Oss> all, List<CvQueries.Repo> repos) {
    CvCuration c = of(userId);
    if (c.hideRepositories().isEmpty() && c.pinOss().isEmpty()) {
      return all;
    }
    Set<String> hidden = hiddenUrls(userId, repos);
    var shown = all.stream().filter(o -> !hidden.contains(normalizedOrSelf(o.repoUrl()))).toList();
    var out = new ArrayList<CvQueries.Oss>();
    for (String pin : c.pinOss()) {
      String p = normalized(pin);
      shown.stream()
          .filter(o -> normalizedOrSelf(o.repoUrl()).equals(p) && !out.contains(o))
          .forEach(out::add);
    }
    shown.stream().filter(o -> !out.contains(o)).forEach(out::add);
    return out;
  }

  boolean hidesOss(String userId, String url, List<CvQueries.Repo> repos) {
    return hiddenUrls(userId, repos).contains(normalizedOrSelf(url));
  }

  private static String normalizedOrSelf(String url) {
    String n = normalized(url);
    return n == null ? url : n;
  }

  List<CvQueries.PackageUse> packages(String userId, List<CvQueries.PackageUse> all) {
    CvCuration c = of(userId);
    return c.hidePackages().isEmpty()
        ? all
        : all.stream().filter(p -> !c.hidesPackage(p.ecosystem(), p.packageName())).toList();
  }

  boolean hidesPackage(String userId, String ecosystem, String name) {
    return of(userId).hidesPackage(ecosystem, name);
  }
}
