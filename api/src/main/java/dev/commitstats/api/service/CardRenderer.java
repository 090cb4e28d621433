package dev.commitstats.api.service;

import dev.commitstats.api.query.CvQueries;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The embeddable card (an SVG like a profile README badge): name, totals, a stacked bar of the top
 * programming and markup languages by lines written (as {@code share_of_lines}, in linguist's
 * colours) with a legend, and the as-of date. Self-contained: no fonts, scripts or links to fetch.
 */
final class CardRenderer {
  static final int WIDTH = 480;
  static final int TOP_LANGUAGES = 5;

  private static final String[] FALLBACK = {
    "#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4"
  };

  private CardRenderer() {}

  /** Linguist's colour of the language; one of a fixed palette when linguist gives none. */
  static String color(CvQueries.Language l) {
    return l.color() != null
        ? l.color()
        : FALLBACK[Math.floorMod(l.language().hashCode(), FALLBACK.length)];
  }

  static String render(CvQueries.Summary s, List<CvQueries.Language> languages) {
    List<CvQueries.Language> top =
        languages.stream()
            .filter(CvQueries.Language::isLanguage)
            .sorted(Comparator.comparingLong(CvQueries.Language::linesAdded).reversed())
            .limit(TOP_LANGUAGES)
            .toList();
    long topLines = top.stream().mapToLong(CvQueries.Language::linesAdded).sum();
    int legendRows = (top.size() + 1) / 2;
    int height = 150 + legendRows * 22;
    String title = s.name() != null && !s.name().isBlank() ? s.name() : s.userId();
    var svg = new StringBuilder();
    svg.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s: %s commits, %s lines added\">"
                .formatted(
                    WIDTH,
                    height,
                    WIDTH,
                    height,
                    xml(title),
                    number(s.commits()),
                    number(s.linesAdded())))
        .append("<title>")
        .append(xml(title))
        .append(" — Commit Stats</title>")
        .append(
            "<style>text{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;fill:#24292f}"
                + ".t{font-size:18px;font-weight:600}.n{font-size:16px;font-weight:600}"
                + ".l{font-size:11px;fill:#57606a}.s{font-size:12px}</style>")
        .append(
            "<rect x=\"0.5\" y=\"0.5\" width=\"%d\" height=\"%d\" rx=\"8\" fill=\"#ffffff\" stroke=\"#d0d7de\"/>"
                .formatted(WIDTH - 1, height - 1))
        .append("<text class=\"t\" x=\"20\" y=\"34\">")
        .append(xml(title))
        .append("</text>");
    String[][] stats = {
      {"commits", number(s.commits())},
      {"lines added", number(s.linesAdded())},
      {"repositories", number(s.repositories())},
      {"years active", number(s.yearsActive())},
      {"OSS repos", number(s.ossRepositories())}
    };
    for (int i = 0; i < stats.length; i++) {
      int x = 20 + i * 90;
      svg.append("<text class=\"n\" x=\"%d\" y=\"66\">%s</text>".formatted(x, stats[i][1]))
          .append("<text class=\"l\" x=\"%d\" y=\"82\">%s</text>".formatted(x, stats[i][0]));
    }
    double x = 20;
    double barWidth = WIDTH - 40;
    svg.append(
        "<rect x=\"20\" y=\"100\" width=\"%d\" height=\"10\" rx=\"5\" fill=\"#eaeef2\"/>"
            .formatted(WIDTH - 40));
    for (CvQueries.Language l : top) {
      if (topLines == 0) {
        break;
      }
      double w = barWidth * l.linesAdded() / topLines;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"100\" width=\"%.1f\" height=\"10\" fill=\"%s\"/>",
              x,
              w,
              color(l)));
      x += w;
    }
    for (int i = 0; i < top.size(); i++) {
      CvQueries.Language l = top.get(i);
      int lx = 20 + (i % 2) * 220;
      int ly = 134 + (i / 2) * 22;
      svg.append(
              "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/>"
                  .formatted(lx + 5, ly - 4, color(l)))
          .append(
              String.format(
                  Locale.ROOT,
                  "<text class=\"s\" x=\"%d\" y=\"%d\">%s %.1f%%</text>",
                  lx + 16,
                  ly,
                  xml(l.language()),
                  100 * (l.shareOfLines() == null ? 0 : l.shareOfLines())));
    }
    String asOf =
        s.asOf() == null
            ? ""
            : "as of " + DateTimeFormatter.ISO_LOCAL_DATE.format(s.asOf().atZone(ZoneOffset.UTC));
    svg.append(
            "<text class=\"l\" x=\"%d\" y=\"%d\" text-anchor=\"end\">Commit Stats %s</text>"
                .formatted(WIDTH - 20, height - 12, xml(asOf)))
        .append("</svg>");
    return svg.toString();
  }

  static String number(long n) {
    if (n >= 10_000_000) {
      return String.format(Locale.ROOT, "%.0fM", n / 1e6);
    } else if (n >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    } else if (n >= 10_000) {
      return String.format(Locale.ROOT, "%.0fk", n / 1e3);
    } else if (n >= 1_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return Long.toString(n);
  }

  static String xml(String text) {
    var sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n') {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
