package dev.commitstats.ingest.git;

import dev.commitstats.ingest.IngestErrors;
import dev.commitstats.ingest.IngestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Decides which commits a run must analyze, from the branch tips now and the tips the last run
 * walked: only commits not reachable from the old tips. When history was rewritten (force-push,
 * deleted branch), the commits reachable from the old tips and not from the new ones are retracted.
 * When an old tip is gone from the repository altogether, the lake's own list of ingested commits
 * is compared with what is reachable now.
 */
public final class CommitPlanner {
  private CommitPlanner() {}

  /** A commit to analyze and the branch it was found on. */
  public record PlannedCommit(ObjectId id, String branch) {}

  public record Plan(
      String defaultBranch,
      Map<String, String> tips,
      List<PlannedCommit> commits,
      List<String> retracted,
      String retractionReason,
      int cherryPicksSkipped,
      String lastCommitSha,
      Long lastCommitTime,
      String incompleteReason,
      boolean unchanged) {}

  /**
   * @param previousTips branch name to commit id, as the last complete run left them
   * @param done commits whose whole ancestry is already in the lake (tips of the last complete run,
   *     and checkpoints of an interrupted one)
   * @param ingested the commits the lake counts for this repository; asked only when an old tip is
   *     missing from the repository
   */
  public static Plan plan(
      Repository repo,
      RepoSource source,
      Map<String, String> previousTips,
      List<String> done,
      Supplier<Set<String>> ingested)
      throws IOException {
    String defaultBranch = defaultBranch(repo, source);
    Map<String, ObjectId> tips = tips(repo, source, defaultBranch);
    var tipNames = new LinkedHashMap<String, String>();
    tips.forEach((k, v) -> tipNames.put(k, v.name()));

    try (RevWalk rw = new RevWalk(repo)) {
      rw.setRetainBody(false);
      String lastSha = null;
      Long lastTime = null;
      for (ObjectId tip : tips.values()) {
        RevCommit c = rw.parseCommit(tip);
        if (lastTime == null || c.getCommitTime() > lastTime) {
          lastTime = (long) c.getCommitTime();
          lastSha = c.name();
        }
      }
      if (tipNames.equals(previousTips) && previousTips.values().containsAll(done)) {
        return new Plan(
            defaultBranch, tipNames, List.of(), List.of(), null, 0, lastSha, lastTime, null, true);
      }

      var oldTips = new ArrayList<RevCommit>();
      boolean oldTipMissing = false;
      var previous = new LinkedHashSet<String>(previousTips.values());
      previous.addAll(done);
      for (String sha : previous) {
        ObjectId id = ObjectId.fromString(sha);
        if (repo.getObjectDatabase().has(id)) {
          oldTips.add(rw.parseCommit(id));
        } else {
          oldTipMissing = true;
        }
      }

      var commits = new ArrayList<PlannedCommit>();
      var retracted = new ArrayList<String>();
      String reason = null;
      String incomplete = null;
      Set<String> alreadyIngested = oldTipMissing ? ingested.get() : Set.of();
      var branchTips = new ArrayList<>(tips.entrySet());
      // parents before children: whatever prefix of the list is written, its ancestry is complete
      rw.sort(RevSort.TOPO);
      rw.sort(RevSort.REVERSE, true);
      try {
        for (int i = 0; i < branchTips.size(); i++) {
          rw.reset();
          rw.markStart(rw.parseCommit(branchTips.get(i).getValue()));
          if (!oldTipMissing) {
            for (RevCommit old : oldTips) {
              rw.markUninteresting(old);
            }
          }
          for (int j = 0; j < i; j++) {
            rw.markUninteresting(rw.parseCommit(branchTips.get(j).getValue()));
          }
          String branch = branchTips.get(i).getKey();
          for (RevCommit c : rw) {
            if (!alreadyIngested.contains(c.name())) {
              commits.add(new PlannedCommit(c.copy(), branch));
            }
          }
        }
        if (oldTipMissing) {
          Set<String> reachable = new HashSet<>();
          rw.reset();
          rw.sort(RevSort.NONE);
          for (ObjectId tip : tips.values()) {
            rw.markStart(rw.parseCommit(tip));
          }
          for (RevCommit c : rw) {
            reachable.add(c.name());
          }
          for (String sha : alreadyIngested) {
            if (!reachable.contains(sha)) {
              retracted.add(sha);
            }
          }
          reason = "an earlier tip is gone from the repository; compared with the lake";
        } else if (!oldTips.isEmpty()) {
          rw.reset();
          rw.sort(RevSort.NONE);
          for (RevCommit old : oldTips) {
            rw.markStart(old);
          }
          for (ObjectId tip : tips.values()) {
            rw.markUninteresting(rw.parseCommit(tip));
          }
          for (RevCommit c : rw) {
            retracted.add(c.name());
          }
          reason = "no longer reachable from " + String.join(", ", tipNames.keySet());
        }
      } catch (MissingObjectException e) {
        incomplete =
            "commit history is incomplete: object "
                + e.getObjectId().name()
                + " is missing, so older commits could not be walked";
      }

      int skipped = 0;
      if (tips.size() > 1) {
        int before = commits.size();
        commits = dropCherryPicks(repo, rw, tips, defaultBranch, commits);
        skipped = before - commits.size();
      }
      return new Plan(
          defaultBranch,
          tipNames,
          commits,
          retracted,
          retracted.isEmpty() ? null : reason,
          skipped,
          lastSha,
          lastTime,
          incomplete,
          false);
    }
  }

  /** Drops commits of other branches whose patch is already on the default branch. */
  private static ArrayList<PlannedCommit> dropCherryPicks(
      Repository repo,
      RevWalk rw,
      Map<String, ObjectId> tips,
      String defaultBranch,
      List<PlannedCommit> commits)
      throws IOException {
    var byBranch = new LinkedHashMap<String, List<PlannedCommit>>();
    for (PlannedCommit c : commits) {
      byBranch.computeIfAbsent(c.branch(), k -> new ArrayList<>()).add(c);
    }
    var drop = new HashSet<ObjectId>();
    try (PatchIds patchIds = new PatchIds(repo)) {
      var cache = new HashMap<ObjectId, String>();
      for (var entry : byBranch.entrySet()) {
        if (entry.getKey().equals(defaultBranch)) {
          continue;
        }
        rw.reset();
        rw.sort(RevSort.NONE);
        rw.markStart(rw.parseCommit(tips.get(defaultBranch)));
        rw.markUninteresting(rw.parseCommit(tips.get(entry.getKey())));
        var upstream = new HashSet<String>();
        for (RevCommit c : rw) {
          String id = cache.computeIfAbsent(c.copy(), k -> patchIdOrEmpty(patchIds, k));
          if (!id.isEmpty()) {
            upstream.add(id);
          }
        }
        if (upstream.isEmpty()) {
          continue;
        }
        for (PlannedCommit c : entry.getValue()) {
          String id = cache.computeIfAbsent(c.id(), k -> patchIdOrEmpty(patchIds, k));
          if (!id.isEmpty() && upstream.contains(id)) {
            drop.add(c.id());
          }
        }
      }
    }
    var kept = new ArrayList<PlannedCommit>(commits.size());
    for (PlannedCommit c : commits) {
      if (!drop.contains(c.id())) {
        kept.add(c);
      }
    }
    return kept;
  }

  private static String patchIdOrEmpty(PatchIds ids, ObjectId id) {
    try {
      String p = ids.of(id);
      return p == null ? "" : p;
    } catch (IOException e) {
      return "";
    }
  }

  static String defaultBranch(Repository repo, RepoSource source) throws IOException {
    if (source.branch() != null) {
      return source.branch();
    }
    Ref head = repo.exactRef(Constants.HEAD);
    if (head == null) {
      throw emptyRepository(source, "HEAD");
    }
    if (head.isSymbolic()) {
      String target = head.getTarget().getName();
      return target.startsWith(Constants.R_HEADS)
          ? target.substring(Constants.R_HEADS.length())
          : target;
    }
    return Constants.HEAD;
  }

  private static Map<String, ObjectId> tips(
      Repository repo, RepoSource source, String defaultBranch) throws IOException {
    var tips = new LinkedHashMap<String, ObjectId>();
    ObjectId defaultTip = resolve(repo, defaultBranch);
    if (defaultTip == null) {
      if (source.branch() != null) {
        var names = new ArrayList<String>();
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
          names.add(r.getName().substring(Constants.R_HEADS.length()));
        }
        throw IngestErrors.noSuchBranch(defaultBranch, source.repoUrl(), names);
      }
      throw emptyRepository(source, defaultBranch);
    }
    tips.put(defaultBranch, defaultTip);
    if (source.branches() == RepoSource.BranchSelection.ALL) {
      for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        String name = r.getName().substring(Constants.R_HEADS.length());
        ObjectId id = r.getObjectId();
        if (id != null && !tips.containsKey(name)) {
          tips.put(name, id);
        }
      }
    }
    return tips;
  }

  private static ObjectId resolve(Repository repo, String branch) throws IOException {
    Ref ref =
        branch.equals(Constants.HEAD)
            ? repo.exactRef(Constants.HEAD)
            : repo.exactRef(Constants.R_HEADS + branch);
    if (ref == null && !branch.equals(Constants.HEAD)) {
      ref = repo.findRef(branch);
    }
    if (ref == null) {
      return null;
    }
    Ref peeled = repo.getRefDatabase().peel(ref);
    ObjectId id =
        peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : ref.getObjectId();
    return id;
  }

  private static IngestException emptyRepository(RepoSource source, String branch) {
    return IngestErrors.emptyRepository(source.repoUrl(), branch);
  }
}
