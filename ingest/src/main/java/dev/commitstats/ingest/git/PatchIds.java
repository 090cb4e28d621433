package dev.commitstats.ingest.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Patch ids in the spirit of {@code git patch-id}: a hash of a commit's diff against its first
 * parent without line numbers and whitespace, so that the same change applied on two branches
 * (cherry-picked, rebased) has one id. Used to count each change once when every branch is walked.
 */
final class PatchIds implements AutoCloseable {
  private final RevWalk walk;
  private final DiffFormatter formatter;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  PatchIds(Repository repository) {
    this.walk = new RevWalk(repository);
    this.formatter = new DiffFormatter(buffer);
    formatter.setRepository(repository);
    formatter.setContext(0);
    formatter.setDetectRenames(true);
    formatter.setDiffAlgorithm(
        DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM));
  }

  /** The patch id of a non-merge commit, or null for merges and empty commits. */
  String of(org.eclipse.jgit.lib.AnyObjectId id) throws IOException {
    RevCommit c = walk.parseCommit(id);
    if (c.getParentCount() > 1) {
      return null;
    }
    RevCommit parent = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
    buffer.reset();
    List<DiffEntry> entries =
        new java.util.ArrayList<>(
            formatter.scan(parent == null ? null : parent.getTree(), c.getTree()));
    if (entries.isEmpty()) {
      return null;
    }
    entries.sort((a, b) -> path(a).compareTo(path(b)));
    for (DiffEntry e : entries) {
      formatter.format(e);
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("@@") || line.startsWith("index ")) {
        continue;
      }
      if (line.startsWith("+") || line.startsWith("-") || line.startsWith("diff --git")) {
        sha.update(line.replaceAll("\\s+", "").getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String path(DiffEntry e) {
    return e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
  }

  @Override
  public void close() {
    formatter.close();
    walk.close();
  }
}
