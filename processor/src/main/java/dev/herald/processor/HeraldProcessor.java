package dev.herald.processor;

import static dev.herald.processor.validation.AnnotationMirrors.EVENT;
import static dev.herald.processor.validation.AnnotationMirrors.EVENT_CONTRACTS;
import static dev.herald.processor.validation.AnnotationMirrors.SUBSCRIBE;
import static dev.herald.processor.validation.AnnotationMirrors.UPCAST;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.herald.processor.codegen.AggregatesWriter;
import dev.herald.processor.codegen.DispatcherWriter;
import dev.herald.processor.codegen.SourceFiles;
import dev.herald.processor.codegen.json.JsonCodecGenerator;
import dev.herald.processor.codegen.json.JsonCodecPlan;
import dev.herald.processor.codegen.json.JsonCodecValidator;
import dev.herald.processor.diagnostics.CrashGuard;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.diagnostics.Reporter;
import dev.herald.processor.model.ContractSet;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.schema.ContractDocuments;
import dev.herald.processor.validation.ContractSetValidator;
import dev.herald.processor.validation.EventValidator;
import dev.herald.processor.validation.ListenerValidator;
import dev.herald.processor.validation.UpcastValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Herald's annotation processor. Each round it collects {@code @Event} records and
 * {@code @Subscribe} methods ({@link RoundCollector}), validates them, and writes JSON codecs and
 * listener dispatchers from what is valid; once a round brings nothing new it validates the
 * compilation's contract set and writes its {@code EventType}, {@code EventMap} and
 * {@code HeraldCatalog}. Types that refer to types not generated yet wait for a later round. A
 * crash of Herald's own code is reported on the element being processed and stops that element
 * only ({@link CrashGuard}).
 *
 * <p>When Herald is the only processor on the processor path, no later round can bring new
 * {@code @Event} records or listeners, so it writes the aggregates in the same round as the codecs
 * and dispatchers once nothing waits: javac then runs one round fewer, and every round re-enters
 * every source of the compilation. With other processors it waits for a round that brings nothing
 * new, as they may generate contracts.
 *
 * <p>Options: {@code -Aherald.catalog=com.acme.MyCatalog} names the generated catalog class (by
 * default {@code HeraldCatalog} in the contracts package, or {@code HeraldListenerCatalog} in the
 * listeners' common package for a compilation without events). With the aggregates it writes the
 * events' JSON Schemas and an AsyncAPI document, whose options {@link ContractDocuments} lists.
 */
@AutoService(Processor.class)
public final class HeraldProcessor extends AbstractProcessor {

  static final String CATALOG_OPTION = "herald.catalog";

  private Reporter reporter;
  private CrashGuard guard;
  private EventValidator eventValidator;
  private ListenerValidator listenerValidator;
  private JsonCodecValidator codecValidator;
  private ContractSetValidator setValidator;
  private JsonCodecGenerator codecs;
  private SourceFiles files;
  private AggregatesWriter aggregates;
  private ContractDocuments documents;

  private RoundCollector collector;
  private final ContractSet contracts = new ContractSet();
  private boolean aggregatesWritten;
  /** Set once the {@code @Upcast} methods of a compilation without contracts were reported. */
  private boolean strayUpcastsReported;
  /** Set when the processor's own bookkeeping, outside any one element, crashed. */
  private boolean crashed;
  /** {@code null}: look at the processor path; else whether to assume Herald runs alone (tests). */
  private final Boolean assumeAlone;
  private boolean alone;

  /** For {@link java.util.ServiceLoader}, and so for javac. */
  public HeraldProcessor() {
    this(null);
  }

  HeraldProcessor(Boolean assumeAlone) {
    this.assumeAlone = assumeAlone;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    reporter = new Reporter(env.getMessager());
    collector = new RoundCollector(env.getElementUtils());
    guard = new CrashGuard(reporter);
    eventValidator = new EventValidator(env.getElementUtils(), env.getTypeUtils());
    listenerValidator = new ListenerValidator(env.getElementUtils(), env.getTypeUtils());
    codecValidator = new JsonCodecValidator(env);
    setValidator = new ContractSetValidator(env.getElementUtils(), env.getTypeUtils());
    codecs = new JsonCodecGenerator();
    files = new SourceFiles(env.getFiler());
    aggregates = new AggregatesWriter(files, env.getOptions().get(CATALOG_OPTION));
    documents = new ContractDocuments(
        env.getElementUtils(), env.getTypeUtils(), files, env.getOptions());
    alone = assumeAlone != null ? assumeAlone : ProcessorPath.heraldIsAlone(getClass());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(EVENT, SUBSCRIBE, EVENT_CONTRACTS, UPCAST);
  }

  @Override
  public Set<String> getSupportedOptions() {
    Set<String> options = new HashSet<>(ContractDocuments.supportedOptions());
    options.add(CATALOG_OPTION);
    return options;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (crashed) {
      return false; // one report of a bug is enough; later rounds would only add noise
    }
    // A crash while processing one element is reported on it by the guard, and stops only that
    // element; this one is for the round's own bookkeeping.
    crashed = !guard.run(null, () -> {
      if (round.processingOver()) {
        reporter.print(collector.neverResolved());
      } else {
        processRound(annotations, round);
      }
    });
    return false;
  }

  /** Collect, validate, then generate from what is valid, one element at a time. */
  private void processRound(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    collector.contractPackages(round, annotations).forEach(contracts::addContractsPackage);
    collector.upcasts(round, annotations).forEach(contracts::addUpcast);
    List<TypeElement> events = collector.events(round, annotations);
    Map<TypeElement, List<ExecutableElement>> listeners = collector.listeners(round, annotations);
    boolean newWork = !events.isEmpty() || !listeners.isEmpty();

    processEvents(events);
    listeners.forEach(this::processListener);

    if (newWork && aggregatesWritten) {
      reportLateContracts(events, listeners.keySet());
    }
    if ((alone || !newWork) && !collector.hasDeferred()) {
      writeAggregates();
    }
  }

  /** Validates this round's events and their codecs, then writes the codecs that can be. */
  private void processEvents(List<TypeElement> events) {
    List<EventModel> valid = new ArrayList<>();
    for (TypeElement event : events) {
      if (TypeResolution.hasUnresolvedComponent(event)) {
        collector.deferEvent(event);
        continue;
      }
      guard.call(event, () -> {
        EventValidator.Result result = eventValidator.validate(event);
        reporter.print(result.report());
        return result.model();
      }).flatMap(model -> model).ifPresent(valid::add);
    }
    if (valid.isEmpty()) {
      return;
    }
    JsonCodecPlan plan = codecValidator.validate(valid.stream().map(EventModel::element).toList());
    reporter.print(plan.report());
    valid.forEach(contracts::addEvent);
    if (plan.report().hasErrors()) {
      contracts.codecMissing();
    }
    long written = codecs.generate(plan, guard).stream()
        .filter(file -> guard.run(originOf(file), () -> files.write(file)))
        .count();
    if (written < plan.records().size()) {
      contracts.codecMissing();
    }
  }

  /** Validates one listener class and writes its dispatcher, unless a type is still missing. */
  private void processListener(TypeElement type, List<ExecutableElement> methods) {
    if (TypeResolution.hasUnresolvedSignature(methods)) {
      collector.deferListener(type);
      return;
    }
    guard.run(type, () -> {
      methods.sort(ListenerValidator.sourceOrder(type));
      ListenerValidator.Result result = listenerValidator.validate(type, methods);
      reporter.print(result.report());
      result.model().ifPresent(listener -> {
        files.write(DispatcherWriter.write(listener));
        contracts.addListener(listener);
      });
    });
  }

  /**
   * Validates the contract set and writes EventType, EventMap and the catalog from it, once.
   * Skipped when a codec is missing: the aggregates would refer to it.
   */
  private void writeAggregates() {
    if (contracts.isEmpty() && !contracts.upcasts().isEmpty() && !strayUpcastsReported) {
      strayUpcastsReported = true;
      reporter.print(UpcastValidator.withoutEvents(contracts.upcasts()));
    }
    if (aggregatesWritten || contracts.isEmpty() || !contracts.codecsComplete()) {
      return;
    }
    aggregatesWritten = true;
    guard.run(aggregatesOwner(), () -> {
      ContractSetValidator.Result set = setValidator.validate(contracts);
      reporter.print(set.report());
      if (set.isClean()) {
        aggregates.write(set.contractsPackage(), set.events(), set.listeners(), set.chains());
        documents.write(set.contractsPackage(), set.events(), set.listeners());
      }
    });
  }

  /**
   * Where a crash while writing the aggregates is reported: the first event (or listener) as this
   * round knows it, so that javac shows a file and a line.
   */
  private Element aggregatesOwner() {
    List<EventModel> events = contracts.events();
    String first = !events.isEmpty()
        ? events.get(0).type().canonicalName()
        : contracts.listeners().get(0).type().canonicalName();
    return processingEnv.getElementUtils().getTypeElement(first);
  }

  private static Element originOf(JavaFile file) {
    List<Element> origins = file.typeSpec().originatingElements();
    return origins.isEmpty() ? null : origins.get(0);
  }

  /** Contracts another processor generated after the aggregates were written early. */
  private void reportLateContracts(List<TypeElement> events, Set<TypeElement> listeners) {
    Report report = new Report();
    for (TypeElement event : events) {
      report.error(event, Message.CONTRACT_AFTER_AGGREGATES, "@Event record " + event,
          event.getSimpleName());
    }
    for (TypeElement listener : listeners) {
      report.error(listener, Message.CONTRACT_AFTER_AGGREGATES, "Listener " + listener,
          listener.getSimpleName());
    }
    reporter.print(report);
  }
}
