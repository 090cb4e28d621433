package dev.commitstats.lake;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/** S3Proxy in this JVM on loopback, over jclouds' in-memory blob store, with v4 signatures. */
public final class S3TestServer implements AutoCloseable {
  public static final String KEY = "commitstats-test";
  public static final String SECRET = "commitstats-test-secret";

  final BlobStore store;
  private final S3Proxy proxy;

  public S3TestServer(String... buckets) throws Exception {
    var props = new Properties();
    store =
        ContextBuilder.newBuilder("transient")
            .credentials(KEY, SECRET)
            .overrides(props)
            .build(BlobStoreContext.class)
            .getBlobStore();
    for (String b : buckets) {
      store.createContainerInLocation(null, b);
    }
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET)
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** What a process needs in its environment to use this server as its S3. */
  public Map<String, String> environment() {
    return Map.of(
        "COMMITSTATS_S3_ENDPOINT",
        endpoint(),
        "AWS_ACCESS_KEY_ID",
        KEY,
        "AWS_SECRET_ACCESS_KEY",
        SECRET,
        "AWS_REGION",
        "us-east-1");
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
