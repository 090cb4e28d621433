package dev.commitstats.ingest.git;

import dev.commitstats.ingest.classify.Classification;
import dev.commitstats.ingest.classify.FileClassifier;
import dev.commitstats.ingest.deps.DependencyEvent;
import dev.commitstats.ingest.deps.MalformedManifestException;
import dev.commitstats.ingest.deps.ManifestDiff;
import dev.commitstats.ingest.deps.ManifestFiles;
import dev.commitstats.model.ChangeType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one commit into its raw rows, with the numbers {@code git log --numstat -M
 * --diff-algorithm=histogram} prints: the diff against the first parent (a root commit against the
 * empty tree, merges not at all), renames at git's 50% similarity paired as git pairs them ({@link
 * ExactRenames}, then {@link GitRenames}), git's binary rule, a type change (file to symlink) as
 * one modification, and additions and deletions counted as lines without diffing.
 *
 * <p>Not thread-safe: each worker thread owns one, with its own {@link ObjectReader}.
 */
public final class CommitAnalyzer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommitAnalyzer.class);

  /** git's default diff.renameLimit. */
  static final int GIT_RENAME_LIMIT = 1000;

  /** git's default -M similarity, in percent. */
  static final int GIT_RENAME_SCORE = 50;

  private static final Pattern PERSON = Pattern.compile("^(.*?)\\s*<([^<>]*)>\\s*$");

  private final ObjectReader reader;
  private final RevWalk walk;
  private final TreeWalk treeWalk;
  private final GitRenames renames;
  private final TolerantContentSource renameSource;
  private final GitHistogramDiff histogram = new GitHistogramDiff();
  private final FileClassifier classifier;

  /** The commit being analyzed, stamped on its file rows. */
  private String sha;

  /** The trees of the commit being analyzed and of its first parent (null for a root commit). */
  private org.eclipse.jgit.revwalk.RevTree tree;

  private org.eclipse.jgit.revwalk.RevTree parentTree;
  private final LinguistAttributes attributes;

  /** Dependency events of the commit being analyzed. */
  private List<DependencyEvent> dependencies = new ArrayList<>();

  public CommitAnalyzer(Repository repository, FileClassifier classifier) {
    this.reader = repository.newObjectReader();
    this.walk = new RevWalk(reader);
    this.treeWalk = new TreeWalk(reader);
    this.classifier = classifier;
    this.renameSource = new TolerantContentSource(reader);
    this.renames = new GitRenames(renameSource, GIT_RENAME_SCORE, GIT_RENAME_LIMIT);
    this.attributes = new LinguistAttributes(reader);
  }

  /** The commit's row and its file rows; {@code branch} is recorded on the commit row. */
  public AnalyzedCommit analyze(AnyObjectId id, String branch) throws IOException {
    RevCommit c = walk.parseCommit(id);
    sha = c.name();
    dependencies = new ArrayList<>();
    List<FileChangeRow> files;
    int unreadable = 0;
    if (c.getParentCount() > 1) {
      files = List.of();
    } else {
      int missingBefore = renameSource.missingCount();
      try {
        files = diff(c);
      } catch (MissingObjectException e) {
        // The parent or a tree is not in the repository: the commit is recorded, its files are not.
        files = List.of();
        unreadable++;
      }
      unreadable += renameSource.missingCount() - missingBefore;
    }
    long added = 0;
    long deleted = 0;
    for (FileChangeRow f : files) {
      added += f.linesAdded() == null ? 0 : f.linesAdded();
      deleted += f.linesDeleted() == null ? 0 : f.linesDeleted();
      if (f.contentMissing()) {
        unreadable++;
      }
    }
    var parents = new ArrayList<String>(c.getParentCount());
    for (RevCommit p : c.getParents()) {
      parents.add(p.name());
    }
    PersonIdent author = c.getAuthorIdent();
    PersonIdent committer = c.getCommitterIdent();
    var row =
        new CommitRow(
            c.name(),
            parents,
            author.getName(),
            author.getEmailAddress(),
            author.getWhenAsInstant().getEpochSecond(),
            author.getZoneOffset().getTotalSeconds() / 60,
            committer.getName(),
            committer.getEmailAddress(),
            committer.getWhenAsInstant().getEpochSecond(),
            c.getShortMessage(),
            coAuthors(c),
            files.size(),
            added,
            deleted,
            unreadable,
            branch);
    c.disposeBody();
    return new AnalyzedCommit(row, files, dependencies);
  }

  static List<CommitRow.Person> coAuthors(RevCommit c) {
    var out = new ArrayList<CommitRow.Person>();
    for (String value : c.getFooterLines("Co-authored-by")) {
      var m = PERSON.matcher(value.trim());
      if (m.matches()) {
        out.add(new CommitRow.Person(m.group(1).trim(), m.group(2).trim()));
      } else if (!value.isBlank()) {
        out.add(new CommitRow.Person(value.trim(), ""));
      }
    }
    return out;
  }

  private List<FileChangeRow> diff(RevCommit c) throws IOException {
    treeWalk.reset();
    treeWalk.setRecursive(true);
    tree = c.getTree();
    parentTree = null;
    if (c.getParentCount() == 0) {
      treeWalk.addTree(new EmptyTreeIterator());
    } else {
      RevCommit parent = c.getParent(0);
      walk.parseHeaders(parent);
      parentTree = parent.getTree();
      treeWalk.addTree(parentTree);
    }
    treeWalk.addTree(c.getTree());
    treeWalk.setFilter(TreeFilter.ANY_DIFF);
    List<DiffEntry> scanned = DiffEntry.scan(treeWalk);

    // jgit splits a type change (file <-> symlink <-> submodule) into a delete and an add of the
    // same path; git keeps it one pair, never a rename candidate, and diffs its contents.
    var deletesByPath = new HashMap<String, DiffEntry>();
    for (DiffEntry e : scanned) {
      if (e.getChangeType() == DiffEntry.ChangeType.DELETE) {
        deletesByPath.put(e.getOldPath(), e);
      }
    }
    var rows = new ArrayList<FileChangeRow>(scanned.size());
    var candidates = new ArrayList<DiffEntry>(scanned.size());
    boolean anyAdd = false;
    boolean anyDelete = false;
    var typeChanged = new HashMap<String, DiffEntry>();
    for (DiffEntry e : scanned) {
      if (e.getChangeType() == DiffEntry.ChangeType.ADD) {
        DiffEntry old = deletesByPath.get(e.getNewPath());
        if (old != null) {
          typeChanged.put(e.getNewPath(), old);
          rows.add(modification(ChangeType.MODIFY, old, e, null));
          manifestChange(old, e);
          continue;
        }
        anyAdd = true;
      } else if (e.getChangeType() == DiffEntry.ChangeType.DELETE) {
        anyDelete = true;
      }
      candidates.add(e);
    }
    if (!typeChanged.isEmpty()) {
      candidates.removeIf(
          e ->
              e.getChangeType() == DiffEntry.ChangeType.DELETE
                  && typeChanged.containsKey(e.getOldPath()));
      anyDelete =
          candidates.stream().anyMatch(e -> e.getChangeType() == DiffEntry.ChangeType.DELETE);
    }
    List<DiffEntry> entries = candidates;
    if (anyAdd && anyDelete) {
      var exact = ExactRenames.pair(candidates);
      for (ExactRenames.Pair pair : exact.renames()) {
        rows.add(modification(ChangeType.RENAME, pair.source(), pair.destination(), 100));
        manifestChange(pair.source(), pair.destination());
      }
      entries = exact.rest();
      if (exact.hasAddAndDelete()) {
        var inexact = renames.pair(entries);
        for (GitRenames.Pair pair : inexact.renames()) {
          rows.add(
              modification(ChangeType.RENAME, pair.source(), pair.destination(), pair.percent()));
          manifestChange(pair.source(), pair.destination());
        }
        entries = inexact.rest();
      }
    }
    for (DiffEntry e : entries) {
      rows.add(row(e));
      manifestChange(e, e);
    }
    return rows;
  }

  private FileChangeRow row(DiffEntry e) throws IOException {
    return switch (e.getChangeType()) {
      case ADD -> whole(ChangeType.ADD, e.getNewPath(), e.getNewId().toObjectId(), e.getNewMode());
      case DELETE ->
          whole(ChangeType.DELETE, e.getOldPath(), e.getOldId().toObjectId(), e.getOldMode());
      case MODIFY -> modification(ChangeType.MODIFY, e, e, null);
      case RENAME -> modification(ChangeType.RENAME, e, e, e.getScore());
      // With -M git uses each deleted file as a rename source once and detects copies only with
      // -C; jgit pairs a second destination with a used source as a COPY. git reports it as an
      // addition, and so do we.
      case COPY -> whole(ChangeType.ADD, e.getNewPath(), e.getNewId().toObjectId(), e.getNewMode());
    };
  }

  /**
   * Dependency events when either side is a manifest: the old side of {@code before}, the new side
   * of {@code after}. A malformed side gives no events and a warning, never a failure.
   */
  private void manifestChange(DiffEntry before, DiffEntry after) throws IOException {
    var beforeType = before.getChangeType();
    var afterType = after.getChangeType();
    boolean hasOld =
        beforeType != DiffEntry.ChangeType.ADD && beforeType != DiffEntry.ChangeType.COPY;
    boolean hasNew = afterType != DiffEntry.ChangeType.DELETE;
    String oldPath = hasOld ? before.getOldPath() : null;
    String newPath = hasNew ? after.getNewPath() : null;
    boolean oldManifest = oldPath != null && ManifestDiff.isManifest(oldPath);
    boolean newManifest = newPath != null && ManifestDiff.isManifest(newPath);
    if (!oldManifest && !newManifest) {
      return;
    }
    byte[] oldBytes =
        oldManifest ? manifestBytes(before.getOldId().toObjectId(), before.getOldMode()) : null;
    byte[] newBytes =
        newManifest ? manifestBytes(after.getNewId().toObjectId(), after.getNewMode()) : null;
    if ((oldManifest && oldBytes == null) || (newManifest && newBytes == null)) {
      return; // content missing or binary: counted as unreadable or not a manifest
    }
    boolean sameKind = oldManifest && newManifest && ManifestDiff.sameKind(oldPath, newPath);
    if (sameKind) {
      manifestEvents(newPath, oldBytes, newBytes);
    } else {
      if (oldManifest) {
        manifestEvents(oldPath, oldBytes, null);
      }
      if (newManifest) {
        manifestEvents(newPath, null, newBytes);
      }
    }
  }

  private void manifestEvents(String path, byte[] before, byte[] after) {
    try {
      dependencies.addAll(ManifestDiff.diff(path, before, after, files(parentTree), files(tree)));
    } catch (MalformedManifestException e) {
      LOG.warn(
          "manifest {} at commit {} cannot be read ({}): no dependency events from this change",
          path,
          sha,
          e.getMessage());
    }
  }

  /**
   * The files of one side of the change for manifests that refer to others (a POM's parents): read
   * from {@code side}'s tree by path; none for a root commit's parent side.
   */
  private ManifestFiles files(org.eclipse.jgit.revwalk.RevTree side) {
    if (side == null) {
      return ManifestFiles.NONE;
    }
    return path -> {
      try (TreeWalk w = TreeWalk.forPath(reader, path, side)) {
        if (w == null || (w.getFileMode(0).getBits() & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
          return null;
        }
        return manifestBytes(w.getObjectId(0), w.getFileMode(0));
      } catch (IOException e) {
        return null; // a parent that cannot be read defines nothing
      }
    };
  }

  private byte[] manifestBytes(ObjectId id, FileMode mode) throws IOException {
    if (mode == FileMode.GITLINK || mode == FileMode.SYMLINK) {
      return null;
    }
    BlobContent content = BlobContent.read(reader, id, mode);
    return content.missing() || content.binary() ? null : content.bytes();
  }

  /** An added or deleted file: all its lines, no diff needed. */
  private FileChangeRow whole(ChangeType type, String path, ObjectId id, FileMode mode)
      throws IOException {
    BlobContent content = BlobContent.read(reader, id, mode);
    boolean add = type == ChangeType.ADD;
    String m = mode(mode);
    // a deleted file is what its last commit's attributes said it was
    Classification cls =
        classifier.classify(
            path,
            content.binary() ? null : content.bytes(),
            attributes.lookup(add ? tree : parentTree, path));
    if (content.missing() || content.binary()) {
      return new FileChangeRow(
          sha,
          path,
          add ? null : path,
          type,
          null,
          null,
          content.binary(),
          cls.language(),
          cls.category(),
          null,
          add ? null : m,
          add ? m : null,
          content.missing());
    }
    long lines = content.lineCount();
    return new FileChangeRow(
        sha,
        path,
        add ? null : path,
        type,
        add ? lines : 0L,
        add ? 0L : lines,
        false,
        cls.language(),
        cls.category(),
        null,
        add ? null : m,
        add ? m : null,
        false);
  }

  /**
   * A file present before and after: the old side of {@code before}, the new side of {@code after}.
   */
  private FileChangeRow modification(
      ChangeType type, DiffEntry before, DiffEntry after, Integer score) throws IOException {
    String oldPath = before.getOldPath();
    String newPath = after.getNewPath();
    ObjectId oldId = before.getOldId().toObjectId();
    ObjectId newId = after.getNewId().toObjectId();
    FileMode oldMode = before.getOldMode();
    FileMode newMode = after.getNewMode();
    boolean sameContent = oldId.equals(newId) && sameKind(oldMode, newMode);
    BlobContent a = BlobContent.read(reader, oldId, oldMode);
    BlobContent b = sameContent ? a : BlobContent.read(reader, newId, newMode);
    Classification cls =
        classifier.classify(
            newPath, b.binary() ? null : b.bytes(), attributes.lookup(tree, newPath));
    Long added = null;
    Long deleted = null;
    boolean missing = a.missing() || b.missing();
    boolean binary = !missing && (a.binary() || b.binary());
    if (!missing && !binary) {
      if (sameContent) {
        added = 0L;
        deleted = 0L;
      } else {
        long[] counts = histogram.count(a.bytes(), b.bytes());
        added = counts[0];
        deleted = counts[1];
      }
    }
    return new FileChangeRow(
        sha,
        newPath,
        oldPath,
        type,
        added,
        deleted,
        binary,
        cls.language(),
        cls.category(),
        score,
        mode(oldMode),
        mode(newMode),
        missing);
  }

  private static boolean sameKind(FileMode a, FileMode b) {
    return (a == FileMode.GITLINK) == (b == FileMode.GITLINK);
  }

  private static String mode(FileMode mode) {
    return Integer.toOctalString(mode.getBits());
  }

  @Override
  public void close() {
    treeWalk.close();
    walk.close();
    reader.close();
  }
}
