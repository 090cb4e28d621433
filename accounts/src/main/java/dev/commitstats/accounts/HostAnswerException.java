package dev.commitstats.accounts;

/**
 * A host's REST API answered a call with a status that is not a result, or gave no usable answer
 * (status 0: no connection, an answer HTTP cannot follow; or a listing without end): the status and
 * the URL (without its query) are kept, so a caller can tell "not allowed here" from "not there".
 * Discovery fails with it, and only with it, whatever a host answers.
 */
public class HostAnswerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String detail;

  HostAnswerException(int status, String message) {
    this(status, message, "");
  }

  HostAnswerException(int status, String message, String detail) {
    super(message);
    this.status = status;
    this.detail = detail == null ? "" : detail;
  }

  /** The start of the host's answer (its error text), for callers that read it; not shown. */
  public String detail() {
    return detail;
  }

  /** The HTTP status the host answered. */
  public int status() {
    return status;
  }
}
