package dev.commitstats.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy of our own in front of an S3-compatible server, failing a share of the requests
 * the way S3 and networks do: 503 SlowDown, 500 InternalError, a connection cut in the middle of an
 * upload, one cut in the middle of a response (a listing, a download), and a connection that stalls
 * without answering. The choice per request comes from a seeded random generator, so a failing run
 * can be repeated. One request per connection: every answer says {@code Connection: close}.
 */
public final class FaultProxy implements AutoCloseable {

  /** What can happen to a request. */
  public enum Fault {
    SLOW_DOWN,
    SERVER_ERROR,
    CUT_UPLOAD,
    CUT_RESPONSE,
    STALL,
    NONE
  }

  /** The share of requests for each fault (the rest pass), and how long a stall lasts. */
  public record Rates(
      double slowDown,
      double serverError,
      double cutUpload,
      double cutResponse,
      double stall,
      long stallMillis) {
    public static final Rates NONE = new Rates(0, 0, 0, 0, 0, 0);

    public double total() {
      return slowDown + serverError + cutUpload + cutResponse + stall;
    }
  }

  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final Random random;
  private final ExecutorService pool = Executors.newCachedThreadPool(daemon());
  private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);
  private volatile Rates rates;
  private volatile Rates later;
  private volatile long switchAt = Long.MAX_VALUE;
  private final AtomicLong chosen = new AtomicLong();

  public FaultProxy(String upstreamEndpoint, Rates rates, long seed) throws IOException {
    var uri = java.net.URI.create(upstreamEndpoint);
    this.upstreamHost = uri.getHost();
    this.upstreamPort = uri.getPort();
    this.rates = rates;
    this.random = new Random(seed);
    for (Fault f : Fault.values()) {
      counts.put(f, new AtomicLong());
    }
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    pool.submit(this::accept);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  public synchronized void rates(Rates r) {
    this.rates = r;
    this.switchAt = Long.MAX_VALUE;
  }

  /**
   * {@code now} for the next {@code requests} requests, {@code then} from there on (a store that
   * goes down in the middle of a run).
   */
  public synchronized void rates(Rates now, long requests, Rates then) {
    this.rates = now;
    this.later = then;
    this.switchAt = chosen.get() + requests;
  }

  /** How many requests met each fault (NONE: passed through). */
  public long count(Fault f) {
    return counts.get(f).get();
  }

  public long injected() {
    return counts.entrySet().stream()
        .filter(e -> e.getKey() != Fault.NONE)
        .mapToLong(e -> e.getValue().get())
        .sum();
  }

  public String summary() {
    var sb = new StringBuilder();
    counts.forEach(
        (k, v) -> sb.append(k.name().toLowerCase(Locale.ROOT)).append('=').append(v).append(' '));
    return sb.toString().trim();
  }

  private Fault choose() {
    if (chosen.incrementAndGet() > switchAt) {
      synchronized (this) {
        if (chosen.get() > switchAt) {
          rates = later;
          switchAt = Long.MAX_VALUE;
        }
      }
    }
    Rates r = rates;
    double x;
    synchronized (random) {
      x = random.nextDouble();
    }
    double[] edges = {r.slowDown(), r.serverError(), r.cutUpload(), r.cutResponse(), r.stall()};
    Fault[] faults = {
      Fault.SLOW_DOWN, Fault.SERVER_ERROR, Fault.CUT_UPLOAD, Fault.CUT_RESPONSE, Fault.STALL
    };
    double acc = 0;
    for (int i = 0; i < edges.length; i++) {
      acc += edges[i];
      if (x < acc) {
        return faults[i];
      }
    }
    return Fault.NONE;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String headText = new String(head, StandardCharsets.ISO_8859_1);
      boolean expectContinue = header(headText, "expect").equalsIgnoreCase("100-continue");
      if (expectContinue) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
      Fault fault = choose();
      counts.get(fault).incrementAndGet();
      long length = contentLength(headText);
      boolean chunked = header(headText, "transfer-encoding").equalsIgnoreCase("chunked");
      if (fault == Fault.CUT_UPLOAD) {
        in.readNBytes((int) Math.min(Math.max(0, length / 2), 1 << 20));
        reset(client);
        return;
      }
      if (fault == Fault.STALL) {
        Thread.sleep(rates.stallMillis());
        reset(client);
        return;
      }
      byte[] body = chunked ? readChunked(in) : in.readNBytes((int) Math.max(0, length));
      if (fault == Fault.SLOW_DOWN || fault == Fault.SERVER_ERROR) {
        boolean slow = fault == Fault.SLOW_DOWN;
        String xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + (slow ? "SlowDown" : "InternalError")
                + "</Code><Message>"
                + (slow ? "Please reduce your request rate." : "We encountered an internal error.")
                + "</Message></Error>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        out.write(
            ((slow ? "HTTP/1.1 503 Slow Down" : "HTTP/1.1 500 Internal Server Error")
                    + "\r\nContent-Type: application/xml\r\nContent-Length: "
                    + bytes.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        return;
      }
      try (Socket upstream = new Socket(upstreamHost, upstreamPort)) {
        OutputStream up = upstream.getOutputStream();
        up.write(withConnectionClose(headText, chunked, body.length));
        up.write(body);
        up.flush();
        InputStream down = upstream.getInputStream();
        byte[] responseHead;
        do {
          responseHead = readHead(down);
          if (responseHead == null) {
            reset(client);
            return;
          }
        } while (new String(responseHead, StandardCharsets.ISO_8859_1)
            .matches("(?s)HTTP/1\\.1 1\\d\\d.*"));
        String responseText = new String(responseHead, StandardCharsets.ISO_8859_1);
        out.write(withConnectionClose(responseText, false, -1));
        if (fault == Fault.CUT_RESPONSE) {
          long declared = contentLength(responseText);
          long half = declared > 1 ? declared / 2 : 16;
          out.write(down.readNBytes((int) Math.min(half, 1 << 20)));
          out.flush();
          reset(client);
          return;
        }
        down.transferTo(out);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the client went away or the fault cut it: nothing to answer
    }
  }

  /** The head with {@code Connection: close}; a chunked request re-framed by its length. */
  private static byte[] withConnectionClose(String head, boolean dechunk, int bodyLength) {
    var sb = new StringBuilder();
    String[] lines = head.split("\r\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isEmpty()) {
        continue;
      }
      String lower = l.toLowerCase(Locale.ROOT);
      if (i > 0
          && (lower.startsWith("connection:")
              || lower.startsWith("keep-alive:")
              || (dechunk && lower.startsWith("transfer-encoding:")))) {
        continue;
      }
      sb.append(l).append("\r\n");
    }
    if (dechunk) {
      sb.append("Content-Length: ").append(bodyLength).append("\r\n");
    }
    sb.append("Connection: close\r\n\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
      s.close();
    } catch (SocketException e) {
      // already gone
    } catch (IOException e) {
      // already gone
    }
  }

  /** The request or response head up to and with its blank line; null at end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    var buf = new ByteArrayOutputStream();
    int state = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return buf.size() == 0 ? null : buf.toByteArray();
      }
      buf.write(b);
      state =
          switch (state) {
            case 0 -> b == '\r' ? 1 : 0;
            case 1 -> b == '\n' ? 2 : (b == '\r' ? 1 : 0);
            case 2 -> b == '\r' ? 3 : 0;
            case 3 -> b == '\n' ? 4 : 0;
            default -> 0;
          };
      if (state == 4) {
        return buf.toByteArray();
      }
      if (buf.size() > 64 * 1024) {
        throw new IOException("head too long");
      }
    }
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    var body = new ByteArrayOutputStream();
    while (true) {
      String line = readLine(in);
      int size = Integer.parseInt(line.split(";")[0].trim(), 16);
      if (size == 0) {
        while (!readLine(in).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    var sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  private static String header(String head, String name) {
    for (String l : head.split("\r\n")) {
      int colon = l.indexOf(':');
      if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return l.substring(colon + 1).trim();
      }
    }
    return "";
  }

  private static long contentLength(String head) {
    String v = header(head, "content-length");
    return v.isEmpty() ? 0 : Long.parseLong(v);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      var t = new Thread(r, "fault-proxy");
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
