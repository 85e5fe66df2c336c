package dev.herald.runtime;

import dev.herald.runtime.internal.Excerpt;

/**
 * A JSON document that does not fit an event contract: malformed, too large or too deep, a required
 * field missing, a {@code null} where none is allowed, or a value of the wrong type. The message names
 * the event, the field as a JSON path ({@code $.guest.phones[2]}) and the position in the document;
 * no half-built event ever escapes.
 */
public final class EventDecodingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String eventName;
  private final String path;
  private final int line;
  private final int column;
  private final long byteOffset;
  private final String problem;

  public EventDecodingException(
      String eventName, String path, int line, int column, long byteOffset, String problem,
      Throwable cause) {
    super(render(eventName, path, line, column, byteOffset, problem), cause);
    this.eventName = eventName;
    this.path = path;
    this.line = line;
    this.column = column;
    this.byteOffset = byteOffset;
    this.problem = problem;
  }

  /** The same failure, attributed to {@code event} (decoders of nested records do not know it). */
  public EventDecodingException forEvent(String event) {
    if (event.equals(eventName)) {
      return this;
    }
    EventDecodingException named =
        new EventDecodingException(event, path, line, column, byteOffset, problem, getCause());
    named.setStackTrace(getStackTrace());
    return named;
  }

  /** The event whose document failed, or {@code null} if not known. */
  public String eventName() {
    return eventName;
  }

  /** The field as a JSON path, {@code $} for the document itself. */
  public String path() {
    return path;
  }

  /** The line of the failure, 1-based, or -1 if unknown. */
  public int line() {
    return line;
  }

  /** The column of the failure, 1-based, or -1 if unknown. */
  public int column() {
    return column;
  }

  /** The byte offset of the failure, 0-based, or -1 if unknown. */
  public long byteOffset() {
    return byteOffset;
  }

  /** What is wrong, without the event and position. */
  public String problem() {
    return problem;
  }

  private static String render(
      String eventName, String path, int line, int column, long byteOffset, String problem) {
    StringBuilder text = new StringBuilder("Cannot decode ");
    text.append(eventName == null ? "event" : "event " + Excerpt.quote(eventName));
    text.append(" at ").append(path).append(": ").append(problem);
    if (line > 0) {
      text.append(" (line ").append(line).append(", column ").append(column);
      if (byteOffset >= 0) {
        text.append(", byte ").append(byteOffset);
      }
      text.append(')');
    }
    return text.toString();
  }
}
