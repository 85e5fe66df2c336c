package dev.herald.processor.diagnostics;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * What a validation step found. Validators return reports instead of printing, so that they can be
 * tested without javac and so that generation runs only from a clean report.
 */
public final class Report {

  private final List<Problem> problems = new ArrayList<>();

  public Report add(Problem problem) {
    problems.add(problem);
    return this;
  }

  public Report error(Element element, Message message, Object... args) {
    return add(Problem.on(element, message, args));
  }

  public Report error(
      Element element, AnnotationMirror annotation, AnnotationValue value, Message message,
      Object... args) {
    return add(Problem.on(element, annotation, value, message, args));
  }

  public Report addAll(Report other) {
    problems.addAll(other.problems);
    return this;
  }

  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(Problem::isError);
  }

  public boolean isClean() {
    return !hasErrors();
  }
}
