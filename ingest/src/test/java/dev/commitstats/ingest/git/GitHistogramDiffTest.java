package dev.commitstats.ingest.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The histogram diff against git's own on many random edits of texts full of repeated lines (where
 * the choice of the rarest line matters), moved blocks and missing final newlines.
 */
class GitHistogramDiffTest {
  @TempDir Path tmp;

  @Test
  void countsEqualGitsOnRandomEdits() throws Exception {
    var rnd = new Random(7);
    var diff = new GitHistogramDiff();
    var mismatches = new ArrayList<String>();
    int cases = 150;
    for (int round = 0; round < cases; round++) {
      List<String> a = randomLines(rnd, 5 + rnd.nextInt(120));
      List<String> b = edit(rnd, a);
      byte[] x = join(a, rnd.nextInt(5) > 0);
      byte[] y = join(b, rnd.nextInt(5) > 0);
      long[] ours = diff.count(x, y);
      long[] git = git(x, y);
      if (ours[0] != git[0] || ours[1] != git[1]) {
        mismatches.add(
            "round " + round + ": git " + git[0] + "/" + git[1] + ", ours " + ours[0] + "/"
                + ours[1]);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  /**
   * Texts made of a few very frequent lines: every common line occurs more than 64 times, so git
   * falls back to its classic diff, with its discarding of frequent lines and cost limits.
   */
  @Test
  void fallbackRegionsCountLikeGit() throws Exception {
    var rnd = new Random(11);
    var diff = new GitHistogramDiff();
    var mismatches = new ArrayList<String>();
    int withFallback = 0;
    for (int round = 0; round < 40; round++) {
      // frequent lines, with lines found only on one side among them (which git's classic diff
      // discards), and rewrites heavy enough for its cost limits to matter
      var a = new ArrayList<String>();
      int n = 300 + rnd.nextInt(3000);
      for (int i = 0; i < n; i++) {
        int kind = rnd.nextInt(10);
        a.add(kind < 2 ? "}" : kind < 5 ? "" : kind < 8 ? "    pass" : "old only " + i);
      }
      var b = new ArrayList<String>();
      int rewrite = 10 + rnd.nextInt(40);
      for (int i = 0; i < a.size(); i++) {
        int r = rnd.nextInt(100);
        if (r < rewrite / 2) {
          b.add("new only " + i);
        } else if (r < rewrite) {
          b.add(rnd.nextBoolean() ? "}" : "");
          b.add("new only x" + i);
        } else if (r < rewrite + 3) {
          continue;
        } else if (r < rewrite + 8) {
          // a new block, like a new function: unique lines with a blank line or brace inside
          for (int k = 0; k < 6 + rnd.nextInt(8); k++) {
            b.add(k % 5 == 4 ? (rnd.nextBoolean() ? "" : "}") : "new block " + i + "." + k);
          }
        } else if (a.get(i).startsWith("old only")) {
          // old-only lines stay old-only: every common line is frequent
          b.add("new only y" + i);
        } else {
          b.add(a.get(i));
        }
      }
      byte[] x = join(a, true);
      byte[] y = join(b, true);
      long[] ours = diff.count(x, y);
      withFallback += diff.fallbacks > 0 ? 1 : 0;
      long[] git = git(x, y);
      if (ours[0] != git[0] || ours[1] != git[1]) {
        mismatches.add(
            "round " + round + ": git " + git[0] + "/" + git[1] + ", ours " + ours[0] + "/"
                + ours[1]);
      }
    }
    assertThat(withFallback).as("rounds that took the fallback").isGreaterThan(30);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void theNewSidesCommonLinesReuseTheOldSidesClasses() {
    var diff = new GitHistogramDiff();
    byte[] a = "x\ny\nx\nz\nx\n".getBytes(StandardCharsets.UTF_8);
    byte[] b = "x\ny\nQ\nx\nz\nx\n".getBytes(StandardCharsets.UTF_8);
    assertThat(diff.count(a, b)).containsExactly(1, 0);
    assertThat(diff.count(b, a)).containsExactly(0, 1);
    assertThat(diff.count(a, a)).containsExactly(0, 0);
    assertThat(diff.count(new byte[0], a)).containsExactly(5, 0);
    assertThat(
            diff.count(
                "a".getBytes(StandardCharsets.UTF_8), "a\n".getBytes(StandardCharsets.UTF_8)))
        .containsExactly(1, 1);
  }

  private static List<String> randomLines(Random rnd, int n) {
    var out = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(10);
      out.add(
          kind < 3
              ? ""
              : kind < 5 ? "}" : kind < 7 ? "    return x;" : "line " + rnd.nextInt(n * 2));
    }
    return out;
  }

  private static List<String> edit(Random rnd, List<String> a) {
    var b = new ArrayList<>(a);
    int edits = 1 + rnd.nextInt(6);
    for (int e = 0; e < edits; e++) {
      int at = b.isEmpty() ? 0 : rnd.nextInt(b.size());
      switch (rnd.nextInt(4)) {
        case 0 -> b.add(at, "new " + rnd.nextInt(50));
        case 1 -> {
          if (!b.isEmpty()) {
            b.remove(at);
          }
        }
        case 2 -> {
          if (!b.isEmpty()) {
            b.set(at, "changed " + rnd.nextInt(50));
          }
        }
        default -> {
          // move a block
          int len = Math.min(b.size() - at, 1 + rnd.nextInt(8));
          var block = new ArrayList<>(b.subList(at, at + len));
          b.subList(at, at + len).clear();
          b.addAll(b.isEmpty() ? 0 : rnd.nextInt(b.size() + 1), block);
        }
      }
    }
    return b;
  }

  private static byte[] join(List<String> lines, boolean finalNewline) {
    String s = String.join("\n", lines);
    return (finalNewline && !lines.isEmpty() ? s + "\n" : s).getBytes(StandardCharsets.UTF_8);
  }

  private long[] git(byte[] x, byte[] y) throws IOException, InterruptedException {
    Path a = Files.write(tmp.resolve("a.txt"), x);
    Path b = Files.write(tmp.resolve("b.txt"), y);
    Process p =
        new ProcessBuilder(
                "git",
                "diff",
                "--no-index",
                "--numstat",
                "--diff-algorithm=histogram",
                a.toString(),
                b.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor();
    if (out.isEmpty()) {
      return new long[] {0, 0};
    }
    String[] f = out.split("\t");
    return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
  }
}
