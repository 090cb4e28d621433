package dev.commitstats.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrashPointsTest {

  @Test
  void aPointWithoutCountMeansItsFirstTime() {
    assertThat(CrashPoints.target("transform.gold")).isEqualTo("transform.gold:1");
    assertThat(CrashPoints.target("publish:3")).isEqualTo("publish:3");
    assertThat(CrashPoints.target(null)).isNull();
    assertThat(CrashPoints.target(" ")).isNull();
  }
}
