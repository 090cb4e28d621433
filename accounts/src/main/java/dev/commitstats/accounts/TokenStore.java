package dev.commitstats.accounts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.commitstats.runtime.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens encrypted at rest with envelope encryption: each token has its own random AES-256 data key
 * (AES-GCM); the data key is stored wrapped by a master key — a local key file created with 0600
 * permissions. Neither the tokens nor the data keys are ever written in clear. The store file maps
 * a token's name (its {@code token_env}) to {@code {wrapped_key, iv, ciphertext}}.
 */
public final class TokenStore {
  public static final String KEY_FILE = "master.key";
  public static final String STORE_FILE = "tokens.json";
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One encrypted token: its data key wrapped by the master key ({@code wrap}: {@code local}, or
   * {@code kms:KEY}), and the token under that key.
   */
  record Sealed(String wrappedKey, String keyIv, String iv, String ciphertext, String wrap) {}

  /** What wraps data keys: the local key file, or KMS. */
  interface KeyWrap {
    String id();

    /** The wrapped key and, for the local wrap, its IV. */
    String[] wrap(byte[] dataKey, String name) throws GeneralSecurityException;

    byte[] unwrap(String wrapped, String keyIv, String name) throws GeneralSecurityException;
  }

  private final Path dir;
  private final KeyWrap kms;

  public TokenStore(Path dir) {
    this(dir, null);
  }

  /** A store whose new tokens are wrapped by {@code kms} (null: the local key file). */
  TokenStore(Path dir, KeyWrap kms) {
    this.dir = dir;
    this.kms = kms;
  }

  /**
   * {@code COMMITSTATS_TOKEN_STORE}, else {@code ~/.config/commitstats/tokens}; the system
   * properties {@code commitstats.token-store} and {@code commitstats.token-kms-key} stand in for
   * the variables where a runtime sets none (a Glue job).
   */
  public static TokenStore fromEnvironment() {
    String configured = setting("COMMITSTATS_TOKEN_STORE", "commitstats.token-store");
    Path dir =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".config", "commitstats", "tokens");
    String kmsKey = setting("COMMITSTATS_TOKEN_KMS_KEY", "commitstats.token-kms-key");
    return new TokenStore(
        dir,
        kmsKey == null || kmsKey.isBlank()
            ? null
            : new KmsKeyWrap(kmsKey.trim(), System.getenv("COMMITSTATS_KMS_ENDPOINT")));
  }

  private static String setting(String variable, String property) {
    String v = System.getenv(variable);
    return v != null && !v.isBlank() ? v : System.getProperty(property);
  }

  public Path dir() {
    return dir;
  }

  public synchronized void put(String name, String token) {
    requireName(name);
    try {
      KeyWrap wrapper = kms != null ? kms : local(true);
      SecretKey data = KeyGenerator.getInstance("AES").generateKey();
      String[] wrapped = wrapper.wrap(data.getEncoded(), name);
      byte[] iv = iv();
      var sealed =
          new Sealed(
              wrapped[0],
              wrapped[1],
              b64(iv),
              b64(gcm(Cipher.ENCRYPT_MODE, data, iv, token.getBytes(StandardCharsets.UTF_8), name)),
              wrapper.id());
      Map<String, Sealed> all = read();
      all.put(name, sealed);
      write(all);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt the token " + name, e);
    }
  }

  /** The token named {@code name}, decrypted in memory; empty when the store has none. */
  public synchronized Optional<String> get(String name) {
    Sealed s = read().get(name);
    if (s == null) {
      return Optional.empty();
    }
    KeyWrap wrapper;
    if (s.wrap() != null && s.wrap().startsWith("kms:")) {
      wrapper =
          kms != null && kms.id().equals(s.wrap())
              ? kms
              : new KmsKeyWrap(s.wrap().substring(4), System.getenv("COMMITSTATS_KMS_ENDPOINT"));
    } else {
      wrapper = local(false);
    }
    try {
      byte[] dataKey = wrapper.unwrap(s.wrappedKey(), s.keyIv(), name);
      byte[] token =
          gcm(
              Cipher.DECRYPT_MODE,
              new SecretKeySpec(dataKey, "AES"),
              unb64(s.iv()),
              unb64(s.ciphertext()),
              name);
      String value = new String(token, StandardCharsets.UTF_8);
      Secrets.register(value);
      return Optional.of(value);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the stored token "
              + name
              + " cannot be decrypted (the key file "
              + dir.resolve(KEY_FILE)
              + " is not the one it was stored with, or the store was altered): store it again"
              + " with accounts token set "
              + name);
    }
  }

  public synchronized boolean remove(String name) {
    Map<String, Sealed> all = read();
    boolean had = all.remove(name) != null;
    if (had) {
      write(all);
    }
    return had;
  }

  /** The names of the stored tokens (never their values). */
  public synchronized Set<String> names() {
    return read().keySet();
  }

  /** The local key file as a key wrap. */
  private KeyWrap local(boolean create) {
    SecretKey master = masterKey(create);
    return new KeyWrap() {
      @Override
      public String id() {
        return "local";
      }

      @Override
      public String[] wrap(byte[] dataKey, String name) throws GeneralSecurityException {
        byte[] keyIv = iv();
        return new String[] {
          b64(gcm(Cipher.ENCRYPT_MODE, master, keyIv, dataKey, name)), b64(keyIv)
        };
      }

      @Override
      public byte[] unwrap(String wrapped, String keyIv, String name)
          throws GeneralSecurityException {
        return gcm(Cipher.DECRYPT_MODE, master, unb64(keyIv), unb64(wrapped), name);
      }
    };
  }

  private SecretKey masterKey(boolean create) {
    Path key = dir.resolve(KEY_FILE);
    try {
      if (!Files.exists(key)) {
        if (!create) {
          throw new IllegalStateException("no key file at " + key);
        }
        Files.createDirectories(dir);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        try {
          Files.createFile(key, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
          Files.write(key, bytes);
        } catch (FileAlreadyExistsException raced) {
          // another process made it first: use theirs
        }
      }
      if (!Files.getPosixFilePermissions(key).equals(OWNER_ONLY)) {
        throw new IllegalStateException(
            "the key file " + key + " is readable by others: chmod 600 " + key);
      }
      return new SecretKeySpec(Files.readAllBytes(key), "AES");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the key file " + key, e);
    }
  }

  private Map<String, Sealed> read() {
    Path file = dir.resolve(STORE_FILE);
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    try {
      return new TreeMap<>(
          JSON.readValue(file.toFile(), new TypeReference<Map<String, Sealed>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException("the token store " + file + " cannot be read", e);
    }
  }

  private void write(Map<String, Sealed> all) {
    Path file = dir.resolve(STORE_FILE);
    Path tmp = dir.resolve(STORE_FILE + ".tmp");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.write(tmp, JSON.writeValueAsBytes(all));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token store " + file, e);
    }
  }

  /** AES-GCM with the token's name as associated data (a sealed token cannot be renamed). */
  private static byte[] gcm(int mode, SecretKey key, byte[] iv, byte[] input, String name)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(128, iv));
    c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
    return c.doFinal(input);
  }

  private static byte[] iv() {
    byte[] iv = new byte[12];
    RANDOM.nextBytes(iv);
    return iv;
  }

  static void requireName(String name) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,99}")) {
      throw new IllegalArgumentException(
          "a token name is an environment-variable-like name (letters, digits, '_'), not '"
              + name
              + "'");
    }
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] unb64(String s) {
    return Base64.getDecoder().decode(s);
  }
}
