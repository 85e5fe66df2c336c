package dev.herald.processor.diagnostics;

import java.io.PrintWriter;
import java.io.StringWriter;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * One finding of a validation step, attached to the narrowest place that javac can point at: an
 * element, optionally one of its annotations, optionally one value of that annotation.
 */
public record Problem(
    Message message, Element element, AnnotationMirror annotation, AnnotationValue value, Object[] args) {

  public static Problem on(Element element, Message message, Object... args) {
    return new Problem(message, element, null, null, args);
  }

  public static Problem on(
      Element element, AnnotationMirror annotation, Message message, Object... args) {
    return new Problem(message, element, annotation, null, args);
  }

  public static Problem on(
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Message message,
      Object... args) {
    return new Problem(message, element, annotation, value, args);
  }

  /**
   * A crash of Herald's own code while it processed {@code element} ({@code null}: no one element),
   * with the "this is a Herald bug" wording and the stack trace for the report.
   */
  public static Problem internalError(Element element, Throwable crash) {
    StringWriter trace = new StringWriter();
    crash.printStackTrace(new PrintWriter(trace));
    return on(element, Message.INTERNAL_ERROR, element == null ? "this compilation" : element,
        crash, trace);
  }

  /** The text javac shows: the stable code followed by the formatted message. */
  public String text() {
    return message.format(args);
  }

  public boolean isError() {
    return message.kind() == javax.tools.Diagnostic.Kind.ERROR;
  }
}
