package dev.commitstats.api.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Athena path up to the driver, which AWS ships outside Maven Central (not here). */
class AthenaEngineTest {

  @Test
  void theJdbcUrlNamesWhereToQueryAndNoCredentials() {
    var s =
        new AthenaEngine.Settings(
            "eu-west-1", "commitstats", "s3://results/athena/", "commitstats");
    assertThat(s.jdbcUrl())
        .isEqualTo(
            "jdbc:athena://Region=eu-west-1;WorkGroup=commitstats;"
                + "OutputLocation=s3://results/athena/;Database=commitstats");
    assertThat(new AthenaEngine.Settings(null, null, null, "cv").jdbcUrl())
        .isEqualTo("jdbc:athena://Database=cv");
  }

  @Test
  void badSettingsSayWhatIsAllowed() {
    assertThatThrownBy(() -> new AthenaEngine.Settings(null, "wg", null, "Bad-Name"))
        .hasMessageContaining("lowercase letters, digits and '_'");
    assertThatThrownBy(() -> new AthenaEngine.Settings(null, "wg", "/tmp/out", "cv"))
        .hasMessageContaining("must be an s3:// URL");
  }

  @Test
  void withoutTheDriverTheEngineSaysHowToGetIt() {
    assertThatThrownBy(
            () ->
                AthenaEngine.open(
                    new AthenaEngine.Settings(null, "wg", null, "commitstats"),
                    Duration.ofMinutes(1)))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("api/athena-driver.sh")
        .hasMessageContaining("COMMITSTATS_API_CLASSPATH");
  }

  @Test
  void athenaReadsTheRegisteredTablesOnly() {
    assertThat(AthenaEngine.TABLES)
        .contains("user_cv_summary", "user_weekly_totals", "repo_status")
        .noneMatch(t -> t.startsWith("_"));
  }
}
