package dev.herald.processor;

import static dev.herald.processor.validation.AnnotationMirrors.EVENT;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.herald.processor.codegen.CatalogWriter;
import dev.herald.processor.codegen.DispatcherWriter;
import dev.herald.processor.codegen.EventMapWriter;
import dev.herald.processor.codegen.EventTypeWriter;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Problem;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.diagnostics.Reporter;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.ListenerModel;
import dev.herald.processor.model.SubscriberModel;
import dev.herald.processor.validation.AnnotationMirrors;
import dev.herald.processor.validation.ContractSetValidator;
import dev.herald.annotations.EventNames;
import dev.herald.processor.validation.ListenerValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * What one compilation contributes, gathered over all rounds: its events and listeners, and the
 * aggregate sources ({@code EventType}, {@code EventMap}, the catalog) written once at the end.
 */
final class Contracts {

  private final ProcessingEnvironment env;
  private final Reporter reporter;
  private final String catalogOption;
  private final ContractSetValidator setValidator;

  private final List<PackageElement> contractPackages = new ArrayList<>();
  private final List<EventModel> events = new ArrayList<>();
  private final List<ListenerModel> listeners = new ArrayList<>();
  private boolean codecErrors;
  private boolean aggregatesWritten;

  Contracts(ProcessingEnvironment env, Reporter reporter, String catalogOption) {
    this.env = env;
    this.reporter = reporter;
    this.catalogOption = catalogOption;
    this.setValidator = new ContractSetValidator(env.getElementUtils());
  }

  /** Whether EventType, EventMap and the catalog have been written (they are written once). */
  boolean aggregatesWritten() {
    return aggregatesWritten;
  }

  void addContractsPackage(PackageElement contractsPackage) {
    if (!contractPackages.contains(contractsPackage)) {
      contractPackages.add(contractsPackage);
    }
  }

  /** Adds events whose codecs were just generated; {@code codecReport} says if some failed. */
  void addEvents(List<EventModel> valid, Report codecReport) {
    events.addAll(valid);
    codecErrors |= codecReport.hasErrors();
  }

  void addListener(ListenerModel listener) {
    listeners.add(listener);
    write(DispatcherWriter.write(listener));
  }

  void write(JavaFile file) {
    try {
      // As JavaFile.writeTo(Filer), but rendered into memory first and written in one call: the
      // Filer's writer encodes every small piece JavaPoet appends otherwise.
      StringBuilder text = new StringBuilder(8192);
      file.writeTo(text);
      String name = file.packageName().isEmpty()
          ? file.typeSpec().name()
          : file.packageName() + "." + file.typeSpec().name();
      JavaFileObject source = env.getFiler().createSourceFile(
          name, file.typeSpec().originatingElements().toArray(new Element[0]));
      try (Writer writer = source.openWriter()) {
        writer.append(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file.packageName() + "."
          + file.typeSpec().name(), e);
    }
  }

  /**
   * Writes EventType, EventMap and the catalog, once. Skipped when a codec failed: the aggregates
   * would refer to a codec that does not exist and bury the real error under follow-up ones.
   */
  void writeAggregates() {
    if (aggregatesWritten || (events.isEmpty() && listeners.isEmpty()) || codecErrors) {
      return;
    }
    aggregatesWritten = true;
    Set<String> listenerPackages = new TreeSet<>();
    listeners.forEach(l -> listenerPackages.add(l.type().packageName()));
    ContractSetValidator.Result set =
        setValidator.validate(events, contractPackages, listenerPackages);
    reporter.print(set.report());
    warnAboutUnmatchedPatterns(set.events());
    if (set.report().hasErrors() || set.contractsPackage() == null) {
      return;
    }

    String contractsPackage = set.contractsPackage();
    if (!set.events().isEmpty()) {
      write(EventTypeWriter.write(contractsPackage, set.events()));
      write(EventMapWriter.write(contractsPackage, set.events()));
    }
    ClassName catalog = catalogName(contractsPackage, set.events().isEmpty());
    List<ListenerModel> sortedListeners = new ArrayList<>(listeners);
    sortedListeners.sort(Comparator.comparing(l -> l.type().canonicalName()));
    write(CatalogWriter.write(catalog, contractsPackage, set.events(), sortedListeners));
    writeServiceFile(catalog);
  }

  private ClassName catalogName(String contractsPackage, boolean listenersOnly) {
    if (catalogOption != null && !catalogOption.isBlank()) {
      return ClassName.bestGuess(catalogOption.trim());
    }
    return ClassName.get(contractsPackage,
        listenersOnly ? "HeraldListenerCatalog" : CatalogWriter.NAME);
  }

  private void writeServiceFile(ClassName catalog) {
    List<Element> originating = new ArrayList<>();
    events.forEach(e -> originating.add(e.element()));
    listeners.forEach(l -> originating.add(l.element()));
    try {
      FileObject file = env.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
          CatalogWriter.SERVICE_FILE, originating.toArray(Element[]::new));
      try (Writer writer = file.openWriter()) {
        writer.write(catalog.reflectionName() + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + CatalogWriter.SERVICE_FILE, e);
    }
  }

  /**
   * Warns about patterns that match none of the events this compilation knows: its own, and every
   * {@code @Event} record in the packages of events its listeners hear by type. A compilation that
   * knows no events at all gets no warning, since it cannot tell.
   */
  private void warnAboutUnmatchedPatterns(List<EventModel> ownEvents) {
    Set<String> known = new TreeSet<>();
    ownEvents.forEach(e -> known.add(e.name()));
    Set<String> packages = new TreeSet<>();
    for (ListenerModel listener : listeners) {
      for (SubscriberModel subscriber : listener.subscribers()) {
        subscriber.events().forEach(e -> packages.add(e.packageName()));
      }
    }
    for (String name : packages) {
      PackageElement pkg = env.getElementUtils().getPackageElement(name);
      if (pkg != null) {
        known.addAll(eventNamesIn(pkg));
      }
    }
    if (known.isEmpty()) {
      return;
    }
    Report report = new Report();
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
    reporter.print(report);
  }

  /**
   * The method as this round knows it. javac re-enters source classes in every round, so a method
   * element kept from an earlier round has lost its link to the source and diagnostics on it would
   * carry no file and line.
   */
  private ExecutableElement currentRoundElement(ListenerModel listener, SubscriberModel subscriber) {
    TypeElement type =
        env.getElementUtils().getTypeElement(listener.type().canonicalName());
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

  private static List<String> eventNamesIn(PackageElement pkg) {
    List<String> names = new ArrayList<>();
    for (Element member : pkg.getEnclosedElements()) {
      collectEventNames(member, names);
    }
    return names.stream().sorted().collect(Collectors.toList());
  }

  private static void collectEventNames(Element element, List<String> names) {
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
