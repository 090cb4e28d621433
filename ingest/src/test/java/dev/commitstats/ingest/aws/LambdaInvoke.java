package dev.commitstats.ingest.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Calls a handler as the Lambda Java runtime does, in a process of its own whose environment is the
 * function's: the class named by the function's {@code handler} setting ({@code
 * Class::handleRequest}) made once with its no-argument constructor (the init phase), then each
 * event given on a stream, one after the other (warm invocations). Prints {@code INIT <ms>} (from
 * the JVM's start to the handler made) and per event {@code ANSWER <ms> <json>}. A handler that
 * throws exits with status 1 (an invocation error).
 */
public final class LambdaInvoke {
  private LambdaInvoke() {}

  public static void main(String[] args) throws Exception {
    String handler = args[0];
    String className = handler.substring(0, handler.indexOf("::"));
    RequestStreamHandler instance;
    try {
      instance =
          (RequestStreamHandler) Class.forName(className).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      System.out.println("INIT ERROR " + (e.getCause() == null ? e : e.getCause()));
      System.exit(1);
      return;
    }
    long started = ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println("INIT " + (System.currentTimeMillis() - started));
    for (int i = 1; i < Math.max(2, args.length); i++) {
      String event = i < args.length ? args[i] : "{}";
      var out = new ByteArrayOutputStream();
      long t0 = System.nanoTime();
      try {
        instance.handleRequest(
            new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
      } catch (Exception e) {
        System.out.println("INVOCATION ERROR " + e);
        System.exit(1);
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      System.out.printf(
          java.util.Locale.ROOT, "ANSWER %.3f %s%n", ms, out.toString(StandardCharsets.UTF_8));
    }
    System.exit(0);
  }
}
