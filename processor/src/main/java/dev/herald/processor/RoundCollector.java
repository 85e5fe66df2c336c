package dev.herald.processor;

import static dev.herald.processor.validation.AnnotationMirrors.EVENT;
import static dev.herald.processor.validation.AnnotationMirrors.EVENT_CONTRACTS;
import static dev.herald.processor.validation.AnnotationMirrors.SUBSCRIBE;
import static dev.herald.processor.validation.AnnotationMirrors.UPCAST;

import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.validation.AnnotationMirrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The collect stage: each round's {@code @EventContracts} packages, {@code @Event} types and
 * listener classes, plus the types deferred from the round before because they referred to types
 * not generated yet. What is deferred past the last round is reported by {@link #neverResolved}.
 */
final class RoundCollector {

  private final Elements elements;
  private final Set<String> deferredEvents = new LinkedHashSet<>();
  private final Set<String> deferredListeners = new LinkedHashSet<>();

  RoundCollector(Elements elements) {
    this.elements = elements;
  }

  List<PackageElement> contractPackages(RoundEnvironment round) {
    List<PackageElement> packages = new ArrayList<>();
    round.getElementsAnnotatedWith(elements.getTypeElement(EVENT_CONTRACTS))
        .forEach(e -> packages.add((PackageElement) e));
    return packages;
  }

  /** This round's {@code @Event} types plus those deferred from the last one. */
  List<TypeElement> events(RoundEnvironment round) {
    Map<String, TypeElement> events = new LinkedHashMap<>();
    deferredEvents.forEach(name -> put(events, elements.getTypeElement(name)));
    deferredEvents.clear();
    for (Element e : round.getElementsAnnotatedWith(elements.getTypeElement(EVENT))) {
      put(events, (TypeElement) e);
    }
    return new ArrayList<>(events.values());
  }

  /** This round's listener classes with their {@code @Subscribe} methods, plus deferred ones. */
  Map<TypeElement, List<ExecutableElement>> listeners(RoundEnvironment round) {
    Map<String, TypeElement> types = new LinkedHashMap<>();
    deferredListeners.forEach(name -> put(types, elements.getTypeElement(name)));
    deferredListeners.clear();
    for (Element e : round.getElementsAnnotatedWith(elements.getTypeElement(SUBSCRIBE))) {
      put(types, (TypeElement) e.getEnclosingElement());
    }
    Map<TypeElement, List<ExecutableElement>> listeners = new LinkedHashMap<>();
    for (TypeElement type : types.values()) {
      List<ExecutableElement> methods = new ArrayList<>();
      for (Element member : type.getEnclosedElements()) {
        if (member.getKind() == ElementKind.METHOD && AnnotationMirrors.has(member, SUBSCRIBE)) {
          methods.add((ExecutableElement) member);
        }
      }
      listeners.put(type, methods);
    }
    return listeners;
  }

  /** This round's {@code @Upcast} methods. */
  List<ExecutableElement> upcasts(RoundEnvironment round) {
    List<ExecutableElement> methods = new ArrayList<>();
    TypeElement upcast = elements.getTypeElement(UPCAST);
    if (upcast != null) {
      for (Element e : round.getElementsAnnotatedWith(upcast)) {
        methods.add((ExecutableElement) e);
      }
    }
    return methods;
  }

  /** Processes {@code event} again in the next round, when the types it refers to may exist. */
  void deferEvent(TypeElement event) {
    deferredEvents.add(event.getQualifiedName().toString());
  }

  /** Processes {@code listener} again in the next round. */
  void deferListener(TypeElement listener) {
    deferredListeners.add(listener.getQualifiedName().toString());
  }

  boolean hasDeferred() {
    return !deferredEvents.isEmpty() || !deferredListeners.isEmpty();
  }

  /** After the last round: one error per type still deferred, naming the type it never saw. */
  Report neverResolved() {
    Report report = new Report();
    for (String name : deferredEvents) {
      TypeElement type = elements.getTypeElement(name);
      report.error(type, Message.TYPE_NEVER_RESOLVED, "@Event record " + name,
          TypeResolution.firstUnresolved(type));
    }
    for (String name : deferredListeners) {
      TypeElement type = elements.getTypeElement(name);
      report.error(type, Message.TYPE_NEVER_RESOLVED, "Listener " + name,
          TypeResolution.firstUnresolved(type));
    }
    return report;
  }

  private static void put(Map<String, TypeElement> types, TypeElement type) {
    if (type != null) {
      types.putIfAbsent(type.getQualifiedName().toString(), type);
    }
  }
}
