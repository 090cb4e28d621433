package dev.commitstats.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/** Builds a long history quickly with {@code git fast-import}: n commits touching a few files. */
public final class FastImport {
  private FastImport() {}

  public static GitCli generate(Path dir, int commits, long seed) throws IOException {
    GitCli git = GitCli.init(dir);
    var p =
        new ProcessBuilder("git", "-C", dir.toString(), "fast-import", "--quiet")
            .redirectErrorStream(true)
            .start();
    var rnd = new Random(seed);
    String[] files = {"src/a.py", "src/b.java", "lib/c.go", "README.md", "web/d.ts", "web/e.css"};
    StringBuilder[] content = new StringBuilder[files.length];
    for (int i = 0; i < files.length; i++) {
      content[i] = new StringBuilder();
    }
    try (OutputStream out = p.getOutputStream()) {
      for (int c = 1; c <= commits; c++) {
        var sb = new StringBuilder();
        long time = 1_600_000_000L + c * 3_600L;
        String who = c % 3 == 0 ? "Bob <bob@example.org>" : "Alice <alice@example.com>";
        String msg =
            "commit " + c + (c % 5 == 0 ? "\n\nCo-authored-by: Carol <carol@example.net>\n" : "\n");
        sb.append("commit refs/heads/main\n");
        sb.append("mark :").append(c).append('\n');
        sb.append("author ").append(who).append(' ').append(time).append(" +0000\n");
        sb.append("committer ").append(who).append(' ').append(time).append(" +0000\n");
        byte[] m = msg.getBytes(StandardCharsets.UTF_8);
        sb.append("data ").append(m.length).append('\n').append(msg);
        if (c > 1) {
          sb.append("from :").append(c - 1).append('\n');
        }
        int touched = 1 + rnd.nextInt(3);
        for (int t = 0; t < touched; t++) {
          int f = rnd.nextInt(files.length);
          int lines = 1 + rnd.nextInt(8);
          for (int l = 0; l < lines; l++) {
            content[f]
                .append("line ")
                .append(c)
                .append('.')
                .append(l)
                .append(' ')
                .append(rnd.nextInt(1000))
                .append('\n');
          }
          if (content[f].length() > 4000 && rnd.nextInt(4) == 0) {
            content[f].delete(0, content[f].indexOf("\n", 500) + 1);
          }
          byte[] data = content[f].toString().getBytes(StandardCharsets.UTF_8);
          sb.append("M 100644 inline ").append(files[f]).append('\n');
          sb.append("data ").append(data.length).append('\n');
          sb.append(content[f]);
        }
        sb.append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      if (p.waitFor() != 0) {
        throw new IOException(
            "git fast-import failed: "
                + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    git.run("reset", "-q", "--hard", "main");
    return git;
  }
}
