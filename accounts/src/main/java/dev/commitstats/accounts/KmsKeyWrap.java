package dev.commitstats.accounts;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;

/**
 * Data keys wrapped by an AWS KMS key (Encrypt/Decrypt, with the token's name as encryption
 * context). Credentials and region come from the default AWS chain; {@code endpoint} overrides the
 * service address (VPC endpoints, tests).
 */
final class KmsKeyWrap implements TokenStore.KeyWrap {
  private final String keyId;
  private final String endpoint;
  private KmsClient client;

  KmsKeyWrap(String keyId, String endpoint) {
    this.keyId = keyId;
    this.endpoint = endpoint;
  }

  @Override
  public String id() {
    return "kms:" + keyId;
  }

  private synchronized KmsClient client() {
    if (client == null) {
      var b = KmsClient.builder();
      if (endpoint != null && !endpoint.isBlank()) {
        b.endpointOverride(URI.create(endpoint));
      }
      client = b.build();
    }
    return client;
  }

  @Override
  public String[] wrap(byte[] dataKey, String name) throws GeneralSecurityException {
    try {
      var r =
          client()
              .encrypt(
                  EncryptRequest.builder()
                      .keyId(keyId)
                      .plaintext(SdkBytes.fromByteArray(dataKey))
                      .encryptionContext(Map.of("commitstats-token", name))
                      .build());
      return new String[] {TokenStore.b64(r.ciphertextBlob().asByteArray()), null};
    } catch (SdkException e) {
      throw new GeneralSecurityException(
          "AWS KMS could not wrap the data key with " + keyId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] unwrap(String wrapped, String keyIv, String name) throws GeneralSecurityException {
    try {
      return client()
          .decrypt(
              DecryptRequest.builder()
                  .keyId(keyId)
                  .ciphertextBlob(SdkBytes.fromByteArray(TokenStore.unb64(wrapped)))
                  .encryptionContext(Map.of("commitstats-token", name))
                  .build())
          .plaintext()
          .asByteArray();
    } catch (SdkException e) {
      throw new GeneralSecurityException(
          "AWS KMS could not unwrap the data key with " + keyId + ": " + e.getMessage(), e);
    }
  }
}
