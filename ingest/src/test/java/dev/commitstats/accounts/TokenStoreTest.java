package dev.commitstats.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commitstats.ingest.ChildIngest;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encrypted token store: envelope encryption, a 0600 key file, nothing in clear on disk. */
class TokenStoreTest {
  static final String TOKEN = "glpat-STOREmarker31415";

  @TempDir Path dir;

  @Test
  void tokensRoundTripAndNeverLandInClear() throws Exception {
    var store = new TokenStore(dir);
    store.put("GL_TOKEN", TOKEN);
    store.put("GH_TOKEN", "ghp_other");
    assertThat(new TokenStore(dir).get("GL_TOKEN")).hasValue(TOKEN);
    assertThat(store.names()).containsExactly("GH_TOKEN", "GL_TOKEN");
    assertThat(store.get("NONE")).isEmpty();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(TokenStore.KEY_FILE))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(TokenStore.STORE_FILE))))
        .isEqualTo("rw-------");
    for (Path f : Files.list(dir).toList()) {
      String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(content).as(f.toString()).doesNotContain(TOKEN, "STOREmarker");
    }
    assertThat(store.remove("GH_TOKEN")).isTrue();
    assertThat(store.names()).containsExactly("GL_TOKEN");
  }

  @Test
  void anotherKeyOrAnAlteredStoreIsAClearError() throws Exception {
    var store = new TokenStore(dir);
    store.put("GL_TOKEN", TOKEN);
    String sealed = Files.readString(dir.resolve(TokenStore.STORE_FILE));
    // A sealed token moved to another name does not open (its name is authenticated).
    Files.writeString(
        dir.resolve(TokenStore.STORE_FILE), sealed.replace("\"GL_TOKEN\"", "\"GH_TOKEN\""));
    assertThatThrownBy(() -> store.get("GH_TOKEN"))
        .hasMessageContaining("cannot be decrypted")
        .hasMessageContaining("accounts token set GH_TOKEN");
    Files.writeString(dir.resolve(TokenStore.STORE_FILE), sealed);
    Files.delete(dir.resolve(TokenStore.KEY_FILE));
    new TokenStore(dir).put("OTHER", "x"); // a new key file
    assertThatThrownBy(() -> store.get("GL_TOKEN")).hasMessageContaining("is not the one");
  }

  @Test
  void aKeyFileOthersCanReadIsRefused() throws Exception {
    var store = new TokenStore(dir);
    store.put("GL_TOKEN", TOKEN);
    Files.setPosixFilePermissions(
        dir.resolve(TokenStore.KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> store.get("GL_TOKEN")).hasMessageContaining("chmod 600");
  }

  @Test
  void theCommandLineStoresATokenFromStandardInputAndDiscoveryUsesIt() throws Exception {
    Path storeDir = dir.resolve("store");
    Map<String, String> env = Map.of("COMMITSTATS_TOKEN_STORE", storeDir.toString());
    Process p =
        ChildIngest.start(dir.resolve("set.log"), env, "accounts", "token", "set", "GL_TOKEN");
    try (OutputStream in = p.getOutputStream()) {
      in.write((DiscoveryTest.GITLAB_TOKEN + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String setLog = Files.readString(dir.resolve("set.log"));
    assertThat(p.exitValue()).as(setLog).isZero();
    assertThat(setLog)
        .contains("stored GL_TOKEN encrypted")
        .doesNotContain(DiscoveryTest.GITLAB_TOKEN);

    try (var gitlab = DiscoveryTest.gitlab()) {
      Path config = dir.resolve("c.yaml");
      Files.writeString(
          config,
          "sources:\n  - provider: gitlab\n    token_env: GL_TOKEN\n    base_url: "
              + gitlab.base()
              + "\n");
      var out =
          ChildIngest.run(
              dir.resolve("discover.log"),
              env,
              "accounts",
              "discover",
              "--config",
              config.toString(),
              "--lake",
              dir.resolve("lake").toString());
      assertThat(out.exitCode()).as(out.output()).isZero();
      assertThat(out.output())
          .contains("team/sub/deep.git", "valid")
          .doesNotContain(DiscoveryTest.GITLAB_TOKEN);
    }
  }
}
