package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JobArgsAndRegistrationTest {
  @Test
  void refreshPeriodsAreANumberAndAUnit() {
    assertThat(TransformJob.parseEvery("90s")).isEqualTo(java.time.Duration.ofSeconds(90));
    assertThat(TransformJob.parseEvery("15m")).isEqualTo(java.time.Duration.ofMinutes(15));
    assertThat(TransformJob.parseEvery(" 1h")).isEqualTo(java.time.Duration.ofHours(1));
    for (String bad : new String[] {"15", "0m", "1d", "m", "-5m", "15 minutes"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TransformJob.parseEvery(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--every 15m");
    }
  }

  @Test
  void glueArgumentsAreIgnoredAndOursParsed() {
    String[] glue = {
      "--JOB_ID",
      "j_123",
      "--lake",
      "s3://bucket/lake",
      "--JOB_RUN_ID",
      "jr_9",
      "--job-bookmark-option",
      "job-bookmark-disable",
      "--TempDir",
      "s3://tmp/",
      "--full",
      "--config=s3://bucket/config.yaml",
      "--JOB_NAME",
      "commitstats-transform"
    };
    JobArgs a = JobArgs.parse(glue, TransformJob.KNOWN_ARGS, Set.of("full"));
    assertThat(a.required("lake", "X")).isEqualTo("s3://bucket/lake");
    assertThat(a.get("config")).contains("s3://bucket/config.yaml");
    assertThat(a.flag("full")).isTrue();
    assertThat(a.get("JOB_ID")).isEmpty();
  }

  @Test
  void badArgumentsSayWhatToDo() {
    assertThatThrownBy(() -> JobArgs.parse(new String[] {"--lake"}, Set.of("lake"), Set.of()))
        .hasMessage("--lake needs a value: --lake VALUE");
    assertThatThrownBy(
            () ->
                JobArgs.parse(
                    new String[] {"--lake", "a", "--lake", "b"}, Set.of("lake"), Set.of()))
        .hasMessage("--lake is given twice: give it once");
    JobArgs a = JobArgs.parse(new String[] {"--full", "maybe"}, Set.of("full"), Set.of("full"));
    assertThatThrownBy(() -> a.flag("full")).hasMessage("--full is 'maybe': use true or false");
    JobArgs none = JobArgs.parse(new String[0], Set.of("lake"), Set.of());
    assertThatThrownBy(() -> none.required("lake", "DIR"))
        .hasMessage("--lake is missing: add --lake DIR");
  }

  @Test
  void registrationDdlNamesEveryReaderTableAsDelta() {
    var ddl = RegisterTablesJob.ddl("s3://bucket/lake/", "commitstats");
    assertThat(ddl.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS `commitstats`");
    assertThat(ddl)
        .contains(
            "CREATE EXTERNAL TABLE IF NOT EXISTS `commitstats`.`user_cv_summary` LOCATION"
                + " 's3://bucket/lake/delta/user_cv_summary/' TBLPROPERTIES ('table_type' ="
                + " 'DELTA')")
        .anyMatch(s -> s.contains("`commitstats`.`user_weekly_totals`"))
        .anyMatch(s -> s.contains("`commitstats`.`user_digests`"))
        .hasSize(12)
        .noneMatch(
            s ->
                s.contains("_transform_runs")
                    || s.contains("_user_week_oss")
                    || s.contains("_user_days"));
    assertThatThrownBy(() -> RegisterTablesJob.ddl("/tmp/lake", "commitstats"))
        .hasMessageContaining("is not on S3");
    assertThatThrownBy(() -> RegisterTablesJob.ddl("s3://b/l", "Bad-Name"))
        .hasMessageContaining("not a valid Glue database name");
  }
}
