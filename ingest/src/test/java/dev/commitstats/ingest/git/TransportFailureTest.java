package dev.commitstats.ingest.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.ingest.git.RepoSource.BranchSelection;
import dev.commitstats.model.Visibility;
import java.util.Optional;
import org.eclipse.jgit.api.errors.TransportException;
import org.junit.jupiter.api.Test;

/**
 * A transport failure is named by the status the host answered, never by digits of the URL: CI once
 * ran the authenticated-clone test against a server on port 40193, and its 403 read as a 401.
 */
class TransportFailureTest {
  private static final String URL = "http://127.0.0.1:40193/team-repo";

  private static String message(String jgitMessage) {
    RepoSource source =
        RepoSource.of(URL, Visibility.PRIVATE, BranchSelection.DEFAULT, null, Optional.empty());
    return RepoOpener.transportFailure(source, new TransportException(jgitMessage)).getMessage();
  }

  @Test
  void aForbiddenAnswerOnAPortWith401IsAnAccessError() {
    assertThat(message(URL + ": 403 Forbidden")).startsWith("access denied (403) for " + URL);
    assertThat(message(URL + "/info/refs?service=git-upload-pack: git-upload-pack not permitted"))
        .startsWith("access denied (403)");
  }

  @Test
  void eachStatusByItsOwnNumber() {
    assertThat(message("http://127.0.0.1:4030/r: not authorized"))
        .startsWith("authentication failed (401)");
    assertThat(message("http://127.0.0.1:1403/r: 401 Unauthorized"))
        .startsWith("authentication failed (401)");
    assertThat(message("http://127.0.0.1:40401/r: 404 Not Found"))
        .startsWith("repository " + URL + " was not found");
    assertThat(message("http://127.0.0.1:4040/r: connection refused"))
        .doesNotContain("(401)")
        .doesNotContain("(403)")
        .doesNotContain("not found");
  }

  @Test
  void urlsAreLeftOutBeforeMatching() {
    assertThat(RepoOpener.withoutUrls("https://host:4013/a/author.git: 403 Forbidden"))
        .isEqualTo("<url>: 403 Forbidden");
  }
}
