package dev.commitstats.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitstats.model.config.SourceConfig;
import org.junit.jupiter.api.Test;

class ProviderTest {

  @Test
  void parsesTheConfigSpellingsInAnyCase() {
    assertThat(Provider.parse("GitHub")).isEqualTo(Provider.GITHUB);
    assertThat(Provider.parse(" azure ")).isEqualTo(Provider.AZURE);
    assertThat(Provider.GIT.hosted()).isFalse();
    assertThat(Provider.GITLAB.hosted()).isTrue();
    assertThat(SourceConfig.PROVIDERS)
        .containsExactlyInAnyOrder("github", "gitlab", "azure", "git");
    assertThatThrownBy(() -> Provider.parse("bitbucket"))
        .hasMessage("provider must be one of github, gitlab, azure, git, got 'bitbucket'");
  }

  @Test
  void visibilityOfHostFlags() {
    assertThat(Visibility.ofPrivate(true)).isEqualTo(Visibility.PRIVATE);
    assertThat(Visibility.isPublic("PUBLIC")).isTrue();
    assertThat(Visibility.isPublic(null)).isFalse();
  }
}
