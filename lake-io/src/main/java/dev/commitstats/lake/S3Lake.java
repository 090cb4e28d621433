package dev.commitstats.lake;

import dev.commitstats.runtime.CrashPoints;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A lake under {@code s3://bucket/prefix}. A file is visible only once whole: small files are one
 * PUT, large ones a multipart upload that is completed last and aborted on any failure (an
 * incomplete upload is never listed). Endpoint, region and credentials come from the environment,
 * never from the lake URL: {@code AWS_REGION} (or {@code COMMITSTATS_S3_REGION}), the SDK's default
 * credential chain, and {@code COMMITSTATS_S3_ENDPOINT} for S3-compatible servers (path style).
 */
public final class S3Lake implements Lake {
  static final long DEFAULT_MULTIPART_BYTES = 64L << 20;
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final String LOCK = "state/ingest.lock";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final Path local;
  private final long multipartBytes;

  S3Lake(S3Client s3, String bucket, String prefix, Path local, long multipartBytes) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.local = local;
    this.multipartBytes = Math.max(5L << 20, multipartBytes);
  }

  /** The lake at {@code s3://bucket/prefix}, with a client configured from the environment. */
  static S3Lake fromEnvironment(String location) {
    return fromEnvironment(location, System::getenv);
  }

  /**
   * The same, with the environment's variables from {@code env} (a process's, or a test's): the
   * endpoint, region and multipart size, and static credentials when {@code AWS_ACCESS_KEY_ID} and
   * {@code AWS_SECRET_ACCESS_KEY} are given (else the AWS default chain).
   */
  public static S3Lake fromEnvironment(
      String location, java.util.function.Function<String, String> env) {
    URI uri = URI.create(location.replaceFirst("^s3a://", "s3://"));
    String bucket = uri.getHost();
    if (bucket == null || bucket.isBlank()) {
      throw LakeErrors.noBucket(location);
    }
    String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    var builder = S3Client.builder();
    String region = firstSet(env, "COMMITSTATS_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION");
    String keyId = env.apply("AWS_ACCESS_KEY_ID");
    String secret = env.apply("AWS_SECRET_ACCESS_KEY");
    String session = env.apply("AWS_SESSION_TOKEN");
    if (keyId != null && secret != null && !keyId.isBlank() && !secret.isBlank()) {
      builder.credentialsProvider(
          software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
              session == null
                  ? software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                      keyId, secret)
                  : software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                      keyId, secret, session)));
    }
    builder.region(Region.of(region == null ? "us-east-1" : region));
    String endpoint = env.apply("COMMITSTATS_S3_ENDPOINT");
    if (endpoint != null && !endpoint.isBlank()) {
      // S3-compatible servers: path-style addressing, and checksums only where S3 requires them
      // (the SDK's newer default trailing checksums are not implemented by most of them)
      builder
          .endpointOverride(URI.create(endpoint))
          .forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    builder.overrideConfiguration(o -> retries(o, env));
    String multipart = env.apply("COMMITSTATS_S3_MULTIPART_BYTES");
    try {
      Path cache = Files.createTempDirectory("commitstats-s3-");
      return new S3Lake(
          builder.build(),
          bucket,
          prefix,
          cache,
          multipart == null ? DEFAULT_MULTIPART_BYTES : Long.parseLong(multipart));
    } catch (IOException e) {
      throw LakeErrors.noStagingFolder(location, e);
    }
  }

  /** Attempts per request by default: S3 answers 503 SlowDown under load and asks for retries. */
  static final int DEFAULT_MAX_ATTEMPTS = 10;

  /** One attempt's time at most by default: a stalled connection is abandoned and retried. */
  static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMinutes(5);

  /**
   * AWS's standard retries (500s, 503 SlowDown, throttling, cut connections; exponential backoff
   * with jitter) with more attempts than the SDK's 3 and without its circuit breaker, which stops
   * retrying a client after a burst of failures: a batch job would rather wait out a bad minute
   * than lose its run. {@code COMMITSTATS_S3_MAX_ATTEMPTS} and {@code
   * COMMITSTATS_S3_ATTEMPT_TIMEOUT_SECONDS} change the two bounds.
   */
  private static void retries(
      software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.Builder o,
      java.util.function.Function<String, String> env) {
    String attempts = env.apply("COMMITSTATS_S3_MAX_ATTEMPTS");
    String timeout = env.apply("COMMITSTATS_S3_ATTEMPT_TIMEOUT_SECONDS");
    o.retryStrategy(
        software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(
                attempts == null || attempts.isBlank()
                    ? DEFAULT_MAX_ATTEMPTS
                    : Integer.parseInt(attempts.trim()))
            .circuitBreakerEnabled(false)
            .build());
    o.apiCallAttemptTimeout(
        timeout == null || timeout.isBlank()
            ? DEFAULT_ATTEMPT_TIMEOUT
            : Duration.ofSeconds(Long.parseLong(timeout.trim())));
  }

  private static String firstSet(java.util.function.Function<String, String> env, String... names) {
    for (String n : names) {
      String v = env.apply(n);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private String key(String relativePath) {
    return prefix.isEmpty() ? relativePath : prefix + "/" + relativePath;
  }

  @Override
  public String location() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  @Override
  public Path stagingFile(String relativePath) throws IOException {
    Path dir = Files.createDirectories(local.resolve("staging"));
    return dir.resolve(UUID.randomUUID() + STAGING_SUFFIX);
  }

  @Override
  public void publish(Path staged, String relativePath) throws IOException {
    String key = key(relativePath);
    try {
      long size = Files.size(staged);
      if (size < multipartBytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(staged));
      } else {
        multipart(staged, key, size);
      }
    } catch (S3Exception e) {
      throw new IOException(
          "cannot write "
              + key
              + " to bucket "
              + bucket
              + ": "
              + e.awsErrorDetails().errorMessage(),
          e);
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  private void multipart(Path staged, String key, long size) throws IOException {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    try (InputStream in = Files.newInputStream(staged)) {
      var parts = new ArrayList<CompletedPart>();
      long partSize = Math.max(multipartBytes / 4, 5L << 20);
      byte[] buffer = new byte[(int) Math.min(partSize, size)];
      for (int number = 1; ; number++) {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
          break;
        }
        final int partNumber = number;
        String etag =
            s3.uploadPart(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, n)))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        CrashPoints.reached("s3-part");
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    } catch (IOException | RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (RuntimeException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  @Override
  public List<String> list(String relativePrefix) {
    String p =
        relativePrefix.isEmpty()
            ? (prefix.isEmpty() ? "" : prefix + "/")
            : key(relativePrefix.endsWith("/") ? relativePrefix : relativePrefix + "/");
    var out = new ArrayList<String>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(p)).contents()) {
      out.add(prefix.isEmpty() ? o.key() : o.key().substring(prefix.length() + 1));
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Override
  public void delete(String relativePath) {
    s3.deleteObject(b -> b.bucket(bucket).key(key(relativePath)));
  }

  @Override
  public Optional<byte[]> read(String relativePath) {
    try {
      return Optional.of(
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(relativePath))).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public void write(String relativePath, byte[] content) {
    s3.putObject(b -> b.bucket(bucket).key(key(relativePath)), RequestBody.fromBytes(content));
  }

  @Override
  public Path localRoot() throws IOException {
    return Files.createDirectories(local.resolve("mirror"));
  }

  /** A local copy of a published file (files are immutable once published: fetched once). */
  @Override
  public Path localPath(String relativePath) throws IOException {
    Path target = localRoot().resolve(relativePath).normalize();
    if (!Files.exists(target)) {
      Files.createDirectories(target.getParent());
      Path tmp = target.resolveSibling("." + target.getFileName() + ".download");
      // the SDK retries a request, not a body cut off while this copies it: the copy is retried
      for (int attempt = 1; ; attempt++) {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key(relativePath)))) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          break;
        } catch (IOException | software.amazon.awssdk.core.exception.SdkClientException e) {
          if (attempt >= DOWNLOAD_ATTEMPTS) {
            Files.deleteIfExists(tmp);
            throw e instanceof IOException io
                ? io
                : new IOException("cannot read " + key(relativePath) + ": " + e.getMessage(), e);
          }
          sleepBeforeRetry(attempt);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
    return target;
  }

  private static final int DOWNLOAD_ATTEMPTS = 5;

  private static void sleepBeforeRetry(int attempt) throws IOException {
    try {
      Thread.sleep(Math.min(5_000L, 100L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while retrying a download", e);
    }
  }

  /**
   * A lease in {@code state/ingest.lock}, renewed while held. A lock whose lease ran out, or that a
   * process of this host that is gone left behind, is taken over.
   */
  @Override
  public AutoCloseable lock() throws IOException {
    String host = InetAddress.getLocalHost().getHostName();
    long pid = ProcessHandle.current().pid();
    Optional<byte[]> current = read(LOCK);
    if (current.isPresent()) {
      String[] f = new String(current.get(), StandardCharsets.UTF_8).trim().split(" ");
      boolean expired = f.length < 3 || Instant.parse(f[2]).isBefore(Instant.now());
      boolean deadHere =
          f.length >= 3
              && f[0].equals(host)
              && ProcessHandle.of(Long.parseLong(f[1])).map(h -> !h.isAlive()).orElse(true);
      if (!expired && !deadHere) {
        throw LakeErrors.busy(
            location(), "(" + f[0] + ", process " + f[1] + ") holds its lock until " + f[2]);
      }
    }
    Runnable take =
        () ->
            write(
                LOCK,
                (host + " " + pid + " " + Instant.now().plus(LEASE))
                    .getBytes(StandardCharsets.UTF_8));
    take.run();
    // a renewal that fails (S3 down longer than the retries) must not end the renewals: a
    // scheduled task that throws is never run again, and the lease would run out under the run
    Runnable renew =
        () -> {
          try {
            take.run();
          } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(S3Lake.class)
                .warn("could not renew the lake's lock, trying again in 30 s: {}", e.toString());
          }
        };
    var renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              var t = new Thread(r, "lake-lock");
              t.setDaemon(true);
              return t;
            });
    renewer.scheduleAtFixedRate(renew, 30, 30, TimeUnit.SECONDS);
    return () -> {
      renewer.shutdownNow();
      delete(LOCK);
    };
  }

  @Override
  public void close() throws IOException {
    s3.close();
    if (Files.exists(local)) {
      try (var walk = Files.walk(local)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
