package dev.commitstats.ingest.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Calls a handler as the Lambda Java runtime does, in a process of its own whose environment is the
 * function's: the class named by the function's {@code handler} setting ({@code
 * Class::handleRequest}) made with its no-argument constructor, the event on a stream, the answer
 * printed as one line {@code ANSWER <json>}. A handler that throws exits with status 1 (an
 * invocation error).
 */
public final class LambdaInvoke {
  private LambdaInvoke() {}

  public static void main(String[] args) throws Exception {
    String handler = args[0];
    String event = args.length > 1 ? args[1] : "{}";
    String className = handler.substring(0, handler.indexOf("::"));
    var instance =
        (RequestStreamHandler) Class.forName(className).getDeclaredConstructor().newInstance();
    var out = new ByteArrayOutputStream();
    try {
      instance.handleRequest(
          new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    } catch (Exception e) {
      System.out.println("INVOCATION ERROR " + e);
      System.exit(1);
    }
    System.out.println("ANSWER " + out.toString(StandardCharsets.UTF_8));
    System.exit(0);
  }
}
