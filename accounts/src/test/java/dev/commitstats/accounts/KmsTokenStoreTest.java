package dev.commitstats.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token store with its master key in KMS, against a local server speaking KMS's JSON protocol
 * (Encrypt/Decrypt with an encryption context, as AWS documents them): the data key leaves only
 * wrapped, and a wrong encryption context cannot unwrap it.
 */
class KmsTokenStoreTest {
  static final String KEY = "alias/commitstats-tokens";
  static HttpServer kms;
  static final List<String> targets = new ArrayList<>();
  static final byte[] SERVER_KEY = new byte[32];

  @BeforeAll
  static void start() throws Exception {
    new SecureRandom().nextBytes(SERVER_KEY);
    System.setProperty("aws.region", "eu-west-1");
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret-for-the-local-kms");
    var json = new ObjectMapper();
    kms = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    kms.createContext(
        "/",
        ex -> {
          String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
          targets.add(target);
          JsonNode req = json.readTree(ex.getRequestBody());
          String context = req.path("EncryptionContext").toString();
          String body;
          int status = 200;
          try {
            if ("TrentService.Encrypt".equals(target)) {
              byte[] iv = new byte[12];
              new SecureRandom().nextBytes(iv);
              byte[] plain = Base64.getDecoder().decode(req.path("Plaintext").asText());
              byte[] sealed = gcm(Cipher.ENCRYPT_MODE, iv, plain, context);
              byte[] blob = new byte[12 + sealed.length];
              System.arraycopy(iv, 0, blob, 0, 12);
              System.arraycopy(sealed, 0, blob, 12, sealed.length);
              body =
                  "{\"KeyId\":\""
                      + KEY
                      + "\",\"CiphertextBlob\":\""
                      + Base64.getEncoder().encodeToString(blob)
                      + "\"}";
            } else if ("TrentService.Decrypt".equals(target)) {
              byte[] blob = Base64.getDecoder().decode(req.path("CiphertextBlob").asText());
              byte[] iv = java.util.Arrays.copyOf(blob, 12);
              byte[] plain =
                  gcm(
                      Cipher.DECRYPT_MODE,
                      iv,
                      java.util.Arrays.copyOfRange(blob, 12, blob.length),
                      context);
              body =
                  "{\"KeyId\":\""
                      + KEY
                      + "\",\"Plaintext\":\""
                      + Base64.getEncoder().encodeToString(plain)
                      + "\"}";
            } else {
              status = 400;
              body = "{\"__type\":\"UnknownOperationException\"}";
            }
          } catch (Exception e) {
            status = 400;
            body = "{\"__type\":\"InvalidCiphertextException\",\"message\":\"context mismatch\"}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          ex.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        });
    kms.start();
  }

  static byte[] gcm(int mode, byte[] iv, byte[] input, String context) throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(SERVER_KEY, "AES"), new GCMParameterSpec(128, iv));
    c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return c.doFinal(input);
  }

  @AfterAll
  static void stop() {
    kms.stop(0);
    // Other tests in this JVM (S3) take their credentials from the default chain too.
    System.clearProperty("aws.region");
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void dataKeysAreWrappedByKms(@TempDir Path dir) throws Exception {
    String endpoint = "http://127.0.0.1:" + kms.getAddress().getPort();
    var store = new TokenStore(dir, new KmsKeyWrap(KEY, endpoint));
    store.put("GH_TOKEN", "ghp_KMSmarker2718");
    assertThat(targets).contains("TrentService.Encrypt");
    assertThat(Files.exists(dir.resolve(TokenStore.KEY_FILE))).as("no local key file").isFalse();
    String file = Files.readString(dir.resolve(TokenStore.STORE_FILE));
    assertThat(file).contains("kms:" + KEY).doesNotContain("ghp_KMSmarker2718");
    // A store opened without the KMS setting still reads it: the entry names its key.
    assertThat(new TokenStore(dir, new KmsKeyWrap(KEY, endpoint)).get("GH_TOKEN"))
        .hasValue("ghp_KMSmarker2718");
    assertThat(targets).contains("TrentService.Decrypt");
    // The encryption context binds the name: the entry moved to another name does not open.
    Files.writeString(
        dir.resolve(TokenStore.STORE_FILE), file.replace("\"GH_TOKEN\"", "\"GL_TOKEN\""));
    assertThatThrownBy(() -> store.get("GL_TOKEN")).hasMessageContaining("cannot be decrypted");
  }
}
