package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.lake.sql.DemoQueries;
import dev.commitstats.lake.sql.LakeSql;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** The demo's tables on a real lake: a week's commits count each commit once. */
class DemoTablesTest {

  @Test
  void theWeeklyTableCountsACommitOfSeveralLanguagesOnce() throws Exception {
    LakeFixture fixture = LakeFixture.get();
    try (var c = LakeSql.open(fixture.lake);
        var s = c.createStatement()) {
      var perLanguage = new HashMap<String, Long>();
      try (var rs =
          s.executeQuery(
              "SELECT user_id || ' ' || CAST(week_start AS VARCHAR), sum(commits)"
                  + " FROM user_weekly_activity GROUP BY 1")) {
        while (rs.next()) {
          perLanguage.put(rs.getString(1), rs.getLong(2));
        }
      }
      boolean someWeekHasSeveralLanguages = false;
      try (var rs = s.executeQuery(DemoQueries.ALL.get(2))) {
        while (rs.next()) {
          String key = rs.getString("user_id") + " " + rs.getString("week_start");
          long commits = rs.getLong("commits");
          try (var t =
              c.prepareStatement(
                  "SELECT commits FROM user_weekly_totals WHERE user_id = ? AND week_start = ?")) {
            t.setString(1, rs.getString("user_id"));
            t.setObject(2, rs.getObject("week_start"));
            try (var one = t.executeQuery()) {
              assertThat(one.next()).isTrue();
              assertThat(commits).as(key).isEqualTo(one.getLong(1));
            }
          }
          someWeekHasSeveralLanguages |= perLanguage.get(key) > commits;
        }
      }
      assertThat(someWeekHasSeveralLanguages)
          .as("a week whose per-language rows add up to more commits than it has")
          .isTrue();
    }
  }
}
