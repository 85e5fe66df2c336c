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

  /**
   * {@code annotations}: the annotation types of Herald's on this round's sources, as javac passes
   * them to {@code process}. An annotation not among them is on no element of the round, so its
   * scan of every source (the generated ones included, in later rounds) is skipped.
   */
  List<PackageElement> contractPackages(
      RoundEnvironment round, Set<? extends TypeElement> annotations) {
    List<PackageElement> packages = new ArrayList<>();
    annotatedWith(round, annotations, EVENT_CONTRACTS)
        .forEach(e -> packages.add((PackageElement) e));
    return packages;
  }

  /** This round's {@code @Event} types plus those deferred from the last one. */
  List<TypeElement> events(RoundEnvironment round, Set<? extends TypeElement> annotations) {
    Map<String, TypeElement> events = new LinkedHashMap<>();
    deferredEvents.forEach(name -> put(events, elements.getTypeElement(name)));
    deferredEvents.clear();
    for (Element e : annotatedWith(round, annotations, EVENT)) {
      put(events, (TypeElement) e);
    }
    return new ArrayList<>(events.values());
  }

  /** This round's listener classes with their {@code @Subscribe} methods, plus deferred ones. */
  Map<TypeElement, List<ExecutableElement>> listeners(
      RoundEnvironment round, Set<? extends TypeElement> annotations) {
    Map<String, TypeElement> types = new LinkedHashMap<>();
    deferredListeners.forEach(name -> put(types, elements.getTypeElement(name)));
    deferredListeners.clear();
    for (Element e : annotatedWith(round, annotations, SUBSCRIBE)) {
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
  List<ExecutableElement> upcasts(RoundEnvironment round, Set<? extends TypeElement> annotations) {
    List<ExecutableElement> methods = new ArrayList<>();
    for (Element e : annotatedWith(round, annotations, UPCAST)) {
      methods.add((ExecutableElement) e);
    }
    return methods;
  }

  private static Set<? extends Element> annotatedWith(
      RoundEnvironment round, Set<? extends TypeElement> annotations, String annotation) {
    for (TypeElement type : annotations) {
      if (type.getQualifiedName().contentEquals(annotation)) {
        return round.getElementsAnnotatedWith(type);
      }
    }
    return Set.of();
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
