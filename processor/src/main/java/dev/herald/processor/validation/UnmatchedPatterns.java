package dev.herald.processor.validation;

import static dev.herald.processor.validation.AnnotationMirrors.EVENT;

import dev.herald.annotations.EventNames;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Problem;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.ListenerModel;
import dev.herald.processor.model.SubscriberModel;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Finds {@code @Subscribe} patterns that match none of the events a compilation knows: its own, and
 * every {@code @Event} record in the packages of events its listeners hear by type. A compilation
 * that knows no events at all gets no warning, since it cannot tell.
 */
final class UnmatchedPatterns {

  private final Elements elements;

  UnmatchedPatterns(Elements elements) {
    this.elements = elements;
  }

  /** One {@link Message#PATTERN_UNMATCHED} warning per pattern that matches no known event. */
  Report check(List<EventModel> ownEvents, List<ListenerModel> listeners) {
    Report report = new Report();
    Set<String> known = knownEvents(ownEvents, listeners);
    if (known.isEmpty()) {
      return report;
    }
    for (ListenerModel listener : listeners) {
      for (SubscriberModel subscriber : listener.subscribers()) {
        for (String pattern : subscriber.patterns()) {
          if (known.stream().noneMatch(name -> EventNames.matches(pattern, name))) {
            ExecutableElement method = currentRoundElement(listener, subscriber);
            AnnotationMirror subscribe =
                AnnotationMirrors.find(method, AnnotationMirrors.SUBSCRIBE).orElseThrow();
            report.add(Problem.on(method, subscribe, Message.PATTERN_UNMATCHED, pattern,
                subscriber.displayName()));
          }
        }
      }
    }
    return report;
  }

  private Set<String> knownEvents(List<EventModel> ownEvents, List<ListenerModel> listeners) {
    Set<String> known = new TreeSet<>();
    ownEvents.forEach(e -> known.add(e.name()));
    Set<String> packages = new TreeSet<>();
    for (ListenerModel listener : listeners) {
      for (SubscriberModel subscriber : listener.subscribers()) {
        subscriber.events().forEach(e -> packages.add(e.packageName()));
      }
    }
    for (String name : packages) {
      PackageElement pkg = elements.getPackageElement(name);
      if (pkg != null) {
        pkg.getEnclosedElements().forEach(member -> collectEventNames(member, known));
      }
    }
    return known;
  }

  /**
   * The method as this round knows it. javac re-enters source classes in every round, so a method
   * element kept from an earlier round has lost its link to the source and diagnostics on it would
   * carry no file and line.
   */
  private ExecutableElement currentRoundElement(ListenerModel listener, SubscriberModel subscriber) {
    TypeElement type = elements.getTypeElement(listener.type().canonicalName());
    if (type != null) {
      for (Element member : type.getEnclosedElements()) {
        if (member instanceof ExecutableElement method
            && ListenerValidator.display(method).equals(subscriber.displayName())) {
          return method;
        }
      }
    }
    return subscriber.element();
  }

  private static void collectEventNames(Element element, Set<String> names) {
    if (!(element instanceof TypeElement type)) {
      return;
    }
    if (type.getKind() == ElementKind.RECORD) {
      AnnotationMirrors.find(type, EVENT).ifPresent(event ->
          event.getElementValues().forEach((attribute, value) -> {
            if (attribute.getSimpleName().contentEquals("value")) {
              names.add((String) value.getValue());
            }
          }));
    }
    type.getEnclosedElements().forEach(member -> collectEventNames(member, names));
  }
}
