package dev.herald.processor.diagnostics;

import java.util.Arrays;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints problems through javac's {@link Messager}, honouring {@code @SuppressWarnings("herald:<key>")}
 * on the element or any element enclosing it for warnings and notes.
 */
public final class Reporter {

  private final Messager messager;

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  public void print(Report report) {
    report.problems().forEach(this::print);
  }

  public void print(Problem problem) {
    Message message = problem.message();
    if (message.kind() != Diagnostic.Kind.ERROR && isSuppressed(problem.element(), message)) {
      return;
    }
    if (problem.value() != null) {
      messager.printMessage(
          message.kind(), problem.text(), problem.element(), problem.annotation(), problem.value());
    } else if (problem.annotation() != null) {
      messager.printMessage(message.kind(), problem.text(), problem.element(), problem.annotation());
    } else if (problem.element() != null) {
      messager.printMessage(message.kind(), problem.text(), problem.element());
    } else {
      messager.printMessage(message.kind(), problem.text());
    }
  }

  private static boolean isSuppressed(Element element, Message message) {
    String key = message.suppressionKey();
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
      if (suppress != null && Arrays.asList(suppress.value()).contains(key)) {
        return true;
      }
    }
    return false;
  }
}
