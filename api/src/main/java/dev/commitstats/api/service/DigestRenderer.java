package dev.commitstats.api.service;

import dev.commitstats.api.service.Digests.Digest;
import dev.commitstats.api.service.Digests.Measure;
import dev.commitstats.api.service.Digests.RepoRef;
import java.util.List;
import java.util.Locale;

/**
 * A digest as Markdown (for a terminal or a note) and as one self-contained HTML document (inline
 * styles and inline SVG charts, no scripts, no external requests: it can be mailed as it is, and it
 * is the {@code /digest/{user}} page).
 */
public final class DigestRenderer {
  private DigestRenderer() {}

  static final List<String> WEEKDAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

  private static final List<String> MEASURES =
      List.of("Commits", "Lines added", "Lines deleted", "Active days");

  // ---- Markdown ----

  public static String markdown(Digest d) {
    var b = new StringBuilder();
    b.append("# ").append(title(d)).append("\n\n");
    for (String h : d.highlights()) {
      b.append("- ").append(h).append('\n');
    }
    b.append("\n## What you did\n\n");
    b.append("| | this ").append(d.period()).append(" | your usual |\n|---|---:|---:|\n");
    for (int i = 0; i < d.usual().measures().size(); i++) {
      Measure m = d.usual().measures().get(i);
      b.append("| ")
          .append(MEASURES.get(i))
          .append(" | ")
          .append(m.value())
          .append(" | ")
          .append(m.usual() == null ? "–" : fmt(m.usual()))
          .append(" |\n");
    }
    b.append('\n').append(usualNote(d)).append('\n');
    if (!d.activity().repositories().isEmpty()) {
      b.append("\nRepositories: ");
      b.append(String.join(", ", d.activity().repositories().stream().map(r -> repo(r)).toList()));
      b.append('\n');
    }
    b.append("\n## New\n\n");
    if (nothingNew(d)) {
      b.append("Nothing new this ").append(d.period()).append(".\n");
    }
    d.news().languages().forEach(l -> b.append("- language: ").append(l).append('\n'));
    d.news()
        .packages()
        .forEach(
            p ->
                b.append("- package: ")
                    .append(p.name())
                    .append(" (")
                    .append(p.ecosystem())
                    .append(")\n"));
    d.news().ossRepositories().forEach(r -> b.append("- open source: ").append(r).append('\n'));
    b.append("\n## Streak\n\n")
        .append(d.streak().weeks())
        .append(d.streak().weeks() == 1 ? " week" : " weeks")
        .append(" in a row now; longest ")
        .append(d.streak().longest())
        .append(d.streak().newLongest() ? " (a new record)" : "")
        .append(".\n");
    b.append("\n## Rhythm (your own time)\n\n| ");
    b.append(String.join(" | ", WEEKDAYS)).append(" |\n|");
    b.append("---:|".repeat(7)).append("\n| ");
    b.append(String.join(" | ", d.rhythm().byWeekday().stream().map(String::valueOf).toList()))
        .append(" |\n\nBy hour: ");
    var hours = new StringBuilder();
    for (int h = 0; h < d.rhythm().byHour().size(); h++) {
      long n = d.rhythm().byHour().get(h);
      if (n > 0) {
        hours.append(hours.isEmpty() ? "" : ", ").append(String.format("%02d:00 %d", h, n));
      }
    }
    b.append(hours.isEmpty() ? "no commits" : hours).append('\n');
    return b.toString();
  }

  private static String usualNote(Digest d) {
    int n = d.usual().periods();
    return n == 0
        ? "No earlier " + d.period() + " to compare with yet."
        : "Your usual: the mean of the "
            + (n == 1 ? "" : n + " ")
            + d.period()
            + (n == 1 ? "" : "s")
            + " before.";
  }

  private static boolean nothingNew(Digest d) {
    return d.news().languages().isEmpty()
        && d.news().packages().isEmpty()
        && d.news().ossRepositories().isEmpty();
  }

  private static String repo(RepoRef r) {
    return r.count() > 1 ? r.count() + " × " + r.repository() : r.repository();
  }

  private static String title(Digest d) {
    String who = d.name() != null && !d.name().isBlank() ? d.name() : d.userId();
    String what =
        switch (d.period()) {
          case "week" -> "Week " + d.label() + " (" + d.periodStart() + " – " + d.periodEnd() + ")";
          case "month" -> "Month " + d.label() + " in review";
          default -> "Year " + d.label() + " in review";
        };
    return what + " — " + who + (d.complete() ? "" : " (so far)");
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  // ---- HTML ----

  public static String html(Digest d) {
    var b = new StringBuilder();
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(title(d)))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body><main>");
    b.append("<h1>").append(esc(title(d))).append("</h1>");
    b.append("<ul class=\"highlights\">");
    d.highlights().forEach(h -> b.append("<li>").append(esc(h)).append("</li>"));
    b.append("</ul>");

    b.append("<section id=\"activity\"><h2>What you did, against your usual</h2>");
    b.append(usualChart(d));
    b.append("<p class=\"muted\">").append(esc(usualNote(d))).append("</p>");
    if (!d.activity().repositories().isEmpty()) {
      b.append("<p>Repositories: ");
      b.append(
          String.join(
              ", ",
              d.activity().repositories().stream()
                  .map(
                      r ->
                          r.repoUrl() == null
                              ? "<span class=\"muted\">" + esc(repo(r)) + "</span>"
                              : esc(repo(r)))
                  .toList()));
      b.append("</p>");
    }
    b.append("</section>");

    b.append("<section id=\"new\"><h2>New</h2>");
    if (nothingNew(d)) {
      b.append("<p class=\"muted\">Nothing new this ").append(esc(d.period())).append(".</p>");
    } else {
      b.append("<ul>");
      d.news()
          .languages()
          .forEach(l -> b.append("<li>language: <b>").append(esc(l)).append("</b></li>"));
      d.news()
          .packages()
          .forEach(
              p ->
                  b.append("<li>package: <b>")
                      .append(esc(p.name()))
                      .append("</b> (")
                      .append(esc(p.ecosystem()))
                      .append(")</li>"));
      d.news()
          .ossRepositories()
          .forEach(r -> b.append("<li>open source: <b>").append(esc(r)).append("</b></li>"));
      b.append("</ul>");
    }
    b.append("</section>");

    b.append("<section id=\"streak\"><h2>Streak</h2>");
    b.append(
        bars(
            List.of("now", "longest"), List.of(d.streak().weeks(), d.streak().longest()), "weeks"));
    if (d.streak().newLongest()) {
      b.append("<p><b>A new longest streak.</b></p>");
    }
    b.append("</section>");

    b.append("<section id=\"rhythm\"><h2>Rhythm <small>(your own time)</small></h2>");
    b.append(columns(WEEKDAYS, d.rhythm().byWeekday(), "by-weekday"));
    var hours = new java.util.ArrayList<String>();
    for (int h = 0; h < 24; h++) {
      hours.add(h % 6 == 0 ? String.format("%02d", h) : "");
    }
    b.append(columns(hours, d.rhythm().byHour(), "by-hour"));
    b.append("</section>");
    b.append("<footer class=\"muted\">Commit Stats · ")
        .append(esc(d.label()))
        .append(
            d.freshness() != null && d.freshness().asOf() != null
                ? " · data as of " + d.freshness().asOf()
                : "")
        .append("</footer></main></body></html>");
    return b.toString();
  }

  /** Horizontal bars: each measure this period (dark) over its usual (light). */
  private static String usualChart(Digest d) {
    int w = 520;
    int row = 34;
    var b = new StringBuilder();
    b.append("<svg class=\"chart\" role=\"img\" aria-label=\"this period against the usual\"")
        .append(" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(row * MEASURES.size())
        .append("\" width=\"100%\">");
    for (int i = 0; i < MEASURES.size(); i++) {
      Measure m = d.usual().measures().get(i);
      double max = Math.max(1, Math.max(m.value(), m.usual() == null ? 0 : m.usual()));
      int y = i * row;
      double usualW = m.usual() == null ? 0 : 300 * m.usual() / max;
      double valueW = 300 * m.value() / max;
      b.append(text(0, y + 18, MEASURES.get(i)));
      b.append(rect(110, y + 4, usualW, 22, "#d0d7de"));
      b.append(rect(110, y + 9, valueW, 12, "#0969da"));
      b.append(
          text(
              420,
              y + 18,
              m.value() + (m.usual() == null ? "" : " (usual " + fmt(m.usual()) + ")")));
    }
    return b.append("</svg>").toString();
  }

  private static String bars(List<String> labels, List<Long> values, String unit) {
    int row = 30;
    long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
    var b = new StringBuilder();
    b.append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 520 ")
        .append(row * labels.size())
        .append("\" width=\"100%\">");
    for (int i = 0; i < labels.size(); i++) {
      int y = i * row;
      b.append(text(0, y + 18, labels.get(i)));
      b.append(rect(110, y + 6, 300.0 * values.get(i) / max, 16, "#1a7f37"));
      b.append(text(420, y + 18, values.get(i) + " " + unit + (values.get(i) == 1 ? "" : "s")));
    }
    return b.append("</svg>").toString();
  }

  /** Vertical columns, one per label (weekdays, hours). */
  private static String columns(List<String> labels, List<Long> values, String id) {
    int n = labels.size();
    int colW = 520 / n;
    int h = 90;
    long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
    var b = new StringBuilder();
    b.append("<svg class=\"chart ")
        .append(id)
        .append("\" role=\"img\" viewBox=\"0 0 520 ")
        .append(h + 20)
        .append("\" width=\"100%\">");
    for (int i = 0; i < n; i++) {
      long v = i < values.size() ? values.get(i) : 0;
      double bh = (h - 14) * (double) v / max;
      b.append(rect(i * colW + 2, h - bh, colW - 4, bh, "#8250df"));
      if (v > 0) {
        b.append(text(i * colW + 2, h - bh - 3, String.valueOf(v)));
      }
      b.append(text(i * colW + 2, h + 14, labels.get(i)));
    }
    return b.append("</svg>").toString();
  }

  private static String rect(double x, double y, double w, double h, String fill) {
    return String.format(
        Locale.ROOT,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
        x,
        y,
        Math.max(0, w),
        Math.max(0, h),
        fill);
  }

  private static String text(double x, double y, String s) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1f2328\">%s</text>",
        x,
        y,
        esc(s));
  }

  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    var b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String STYLE =
      "body{margin:0;background:#f6f8fa;color:#1f2328;"
          + "font:15px/1.5 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif}"
          + "main{max-width:720px;margin:0 auto;padding:16px}"
          + "h1{font-size:22px}h2{font-size:16px;margin:0 0 8px}"
          + "section{background:#fff;border:1px solid #d1d9e0;border-radius:8px;"
          + "padding:12px 14px;margin:0 0 14px}"
          + ".muted{color:#59636e}.chart{display:block;max-width:520px}"
          + ".highlights li{margin:2px 0}footer{font-size:12px}";
}
