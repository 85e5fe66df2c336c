package dev.herald.processor.validation;

import static dev.herald.processor.validation.AnnotationMirrors.EVENT;
import static dev.herald.processor.validation.AnnotationMirrors.SUBSCRIBE;

import com.palantir.javapoet.ClassName;
import dev.herald.annotations.EventNames;
import com.palantir.javapoet.TypeName;
import dev.herald.processor.diagnostics.Message;
import dev.herald.processor.diagnostics.Problem;
import dev.herald.processor.diagnostics.Report;
import dev.herald.processor.model.ListenerModel;
import dev.herald.processor.model.SubscriberModel;
import dev.herald.processor.model.SubscriberModel.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Checks a listener class and its {@code @Subscribe} methods, and models the valid ones. */
public final class ListenerValidator {

  public static final String ENVELOPE = "dev.herald.runtime.Envelope";
  private static final String LIST = "java.util.List";
  private static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

  private final Elements elements;
  private final Types types;

  public ListenerValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * Validates {@code listener}'s {@code @Subscribe} methods. The model holds the valid methods; it is
   * absent when the class itself cannot be reached or no method is valid.
   */
  public Result validate(TypeElement listener, List<ExecutableElement> methods) {
    Report report = new Report();
    Optional<String> unreachable = unreachableReason(listener);
    if (unreachable.isPresent()) {
      for (ExecutableElement method : methods) {
        report.error(method, Message.SUBSCRIBE_UNREACHABLE_CLASS, display(method),
            listener.getQualifiedName(), unreachable.get());
      }
      return new Result(report, Optional.empty());
    }
    List<SubscriberModel> subscribers = new ArrayList<>();
    for (ExecutableElement method : methods) {
      validateMethod(method, report).ifPresent(subscribers::add);
    }
    if (subscribers.isEmpty()) {
      return new Result(report, Optional.empty());
    }
    ClassName type = ClassName.get(listener);
    return new Result(report, Optional.of(
        new ListenerModel(listener, type, ListenerModel.dispatcherName(type), subscribers)));
  }

  private Optional<String> unreachableReason(TypeElement listener) {
    if (listener.getKind() == ElementKind.INTERFACE) {
      return Optional.of("it is an interface, and listeners are registered as instances of classes");
    }
    if (Accessibility.isLocal(listener)) {
      return Optional.of("it is a local or anonymous class");
    }
    for (Element e = listener; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return Optional.of(e == listener ? "it is private" : "it is nested in private " + e);
      }
    }
    if (!listener.getTypeParameters().isEmpty()) {
      return Optional.of("it is generic, and a dispatcher serves exactly one class");
    }
    return Optional.empty();
  }

  private Optional<SubscriberModel> validateMethod(ExecutableElement method, Report report) {
    AnnotationMirror subscribe = AnnotationMirrors.find(method, SUBSCRIBE).orElseThrow();
    String display = display(method);
    int errorsBefore = report.problems().size();
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      report.error(method, Message.SUBSCRIBE_PRIVATE, display);
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      report.error(method, Message.SUBSCRIBE_STATIC, display);
    }
    if (method.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(method, Message.SUBSCRIBE_ABSTRACT, display);
    }
    if (!method.getTypeParameters().isEmpty()) {
      report.error(method, Message.SUBSCRIBE_GENERIC_METHOD, display);
    }
    boolean returnsStage = false;
    TypeMirror returnType = method.getReturnType();
    if (returnType.getKind() != TypeKind.VOID) {
      returnsStage = isCompletionStage(returnType);
      if (!returnsStage) {
        report.error(method, Message.SUBSCRIBE_RETURN_TYPE, display, returnType);
      }
    }
    if (method.getParameters().size() != 1) {
      report.error(method, Message.SUBSCRIBE_PARAMETER_COUNT, display,
          method.getParameters().size());
      return Optional.empty();
    }

    VariableElement parameterElement = method.getParameters().get(0);
    TypeMirror parameterType = parameterElement.asType();
    boolean batch = isList(parameterType);
    Heard heard = batch ? heardInBatches(parameterType, display, parameterElement, report)
        : heardBy(parameterType, display, parameterElement, report);
    List<String> patterns = patterns(method, subscribe, heard, report);
    Options options = options(method, subscribe, display, batch, report);
    policies(method, subscribe, display, options, returnsStage, report);
    batches(method, subscribe, display, batch, parameterType, options, report);
    if (heard == null || hasErrorsSince(report, errorsBefore)) {
      return Optional.empty();
    }
    return Optional.of(new SubscriberModel(
        method,
        method.getSimpleName().toString(),
        display,
        heard.parameter,
        TypeName.get(parameterType),
        heard.events,
        patterns,
        options.priority,
        options.delivery,
        options.maxAttempts,
        options.backoffMillis,
        options.maxBackoffMillis,
        options.timeoutMillis,
        returnsStage,
        options.onFailure,
        options.concurrency,
        options.batchSize,
        options.maxWaitMillis));
  }

  private static boolean hasErrorsSince(Report report, int index) {
    return report.problems().subList(index, report.problems().size()).stream()
        .anyMatch(Problem::isError);
  }

  /** What the elements of a {@code List} parameter hear; {@code null} after reporting if none. */
  private Heard heardInBatches(TypeMirror type, String display, Element at, Report report) {
    List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
    if (arguments.isEmpty()) {
      report.error(at, Message.BATCH_RAW_LIST, display);
      return null;
    }
    TypeMirror element = arguments.get(0);
    if (element.getKind() == TypeKind.WILDCARD) {
      TypeMirror bound = ((WildcardType) element).getExtendsBound();
      if (bound == null) {
        report.error(at, Message.SUBSCRIBE_NOT_AN_EVENT, display, simpleName(element));
        return null;
      }
      element = bound;
    }
    return heardBy(element, display, at, report);
  }

  /** The batch options: both or neither, and with a {@code List} parameter only. */
  private void batches(ExecutableElement method, AnnotationMirror subscribe, String display,
      boolean batch, TypeMirror parameterType, Options options, Report report) {
    options.batchSize = (Integer) nonNegative(method, subscribe, "batchSize", display, report);
    options.maxWaitMillis = (Long) nonNegative(method, subscribe, "maxWaitMillis", display, report);
    if (batch) {
      List<String> missing = new ArrayList<>();
      if (options.batchSize == 0) {
        missing.add("batchSize");
      }
      if (options.maxWaitMillis == 0) {
        missing.add("maxWaitMillis");
      }
      if (!missing.isEmpty()) {
        report.error(method, subscribe, null, Message.BATCH_NEEDS_SIZE_AND_WAIT, display,
            simpleName(parameterType), String.join(" or ", missing));
      }
      return;
    }
    for (String attribute : List.of("batchSize", "maxWaitMillis")) {
      Optional<AnnotationValue> value = AnnotationMirrors.explicitValue(subscribe, attribute);
      if (value.isPresent()) {
        report.error(method, subscribe, value.get(), Message.BATCH_OPTIONS_WITHOUT_LIST,
            attribute + " = " + value.get().getValue(), display, attribute);
      }
    }
  }

  private boolean isList(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) types.asElement(type)).getQualifiedName().contentEquals(LIST);
  }

  /** What a parameter type hears; {@code null} after reporting when it hears nothing valid. */
  private Heard heardBy(TypeMirror type, String display, Element at, Report report) {
    if (isEnvelope(type)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
      if (arguments.isEmpty()) {
        report.error(at, Message.SUBSCRIBE_RAW_ENVELOPE, display);
        return null;
      }
      TypeMirror argument = arguments.get(0);
      if (argument.getKind() == TypeKind.WILDCARD) {
        WildcardType wildcard = (WildcardType) argument;
        if (wildcard.getExtendsBound() == null && wildcard.getSuperBound() == null) {
          return new Heard(Parameter.ANY_ENVELOPE, List.of());
        }
        if (wildcard.getExtendsBound() == null) {
          report.error(at, Message.SUBSCRIBE_NOT_AN_EVENT, display, simpleName(type));
          return null;
        }
        argument = wildcard.getExtendsBound();
      }
      List<ClassName> events = events(argument, display, at, report);
      return events == null ? null : new Heard(Parameter.TYPED_ENVELOPE, events);
    }
    List<ClassName> events = events(type, display, at, report);
    return events == null ? null : new Heard(Parameter.PAYLOAD, events);
  }

  /** The events a payload type stands for, sorted; {@code null} after reporting if none. */
  private List<ClassName> events(TypeMirror type, String display, Element at, Report report) {
    if (type.getKind() != TypeKind.DECLARED) {
      report.error(at, Message.SUBSCRIBE_NOT_AN_EVENT, display, simpleName(type));
      return null;
    }
    TypeElement element = (TypeElement) types.asElement(type);
    if (isEvent(element)) {
      return List.of(ClassName.get(element));
    }
    if (isSealedInterface(element)) {
      TreeMap<String, ClassName> events = new TreeMap<>();
      boolean valid = collectSealed(element, element, display, at, report, events);
      return valid ? List.copyOf(events.values()) : null;
    }
    report.error(at, Message.SUBSCRIBE_NOT_AN_EVENT, display, simpleName(type));
    return null;
  }

  private boolean collectSealed(TypeElement root, TypeElement sealed, String display, Element at,
      Report report, TreeMap<String, ClassName> events) {
    boolean valid = true;
    for (TypeMirror permitted : sealed.getPermittedSubclasses()) {
      TypeElement sub = (TypeElement) types.asElement(permitted);
      if (isEvent(sub)) {
        events.put(sub.getQualifiedName().toString(), ClassName.get(sub));
      } else if (isSealedInterface(sub)) {
        valid &= collectSealed(root, sub, display, at, report, events);
      } else {
        report.error(at, Message.SUBSCRIBE_SEALED_NOT_EVENTS, display, root.getSimpleName(),
            sub.getQualifiedName());
        valid = false;
      }
    }
    return valid;
  }

  private List<String> patterns(
      ExecutableElement method, AnnotationMirror subscribe, Heard heard, Report report) {
    Optional<AnnotationValue> explicit = AnnotationMirrors.explicitValue(subscribe, "value");
    List<AnnotationValue> values = explicit.map(ListenerValidator::asList).orElse(List.of());
    List<String> patterns =
        values.stream().map(v -> (String) v.getValue()).collect(Collectors.toList());
    if (heard == null) {
      return patterns;
    }
    String display = display(method);
    if (heard.parameter == Parameter.ANY_ENVELOPE) {
      if (patterns.isEmpty()) {
        report.error(method, subscribe, null, Message.SUBSCRIBE_WILDCARD_WITHOUT_PATTERNS, display);
      }
      for (AnnotationValue value : values) {
        String pattern = (String) value.getValue();
        EventNames.patternProblem(pattern).ifPresent(problem -> report.error(
            method, subscribe, value, Message.PATTERN_INVALID, pattern, display, problem));
      }
    } else if (!patterns.isEmpty()) {
      report.error(method, subscribe, explicit.get(), Message.SUBSCRIBE_PATTERNS_WITH_TYPE,
          display, patterns, simpleName(method.getParameters().get(0).asType()));
    }
    return patterns;
  }

  private Options options(ExecutableElement method, AnnotationMirror subscribe, String display,
      boolean batch, Report report) {
    Options options = new Options();
    options.priority = (Integer) AnnotationMirrors.value(elements, subscribe, "priority").getValue();
    options.delivery = ((VariableElement) AnnotationMirrors.value(elements, subscribe, "delivery")
        .getValue()).getSimpleName().toString();
    if (batch && options.delivery.equals("SYNC")) {
      Optional<AnnotationValue> explicit = AnnotationMirrors.explicitValue(subscribe, "delivery");
      if (explicit.isPresent()) {
        report.error(method, subscribe, explicit.get(), Message.BATCH_ON_SYNC, display);
      }
      options.delivery = "ASYNC"; // a batch listener's default
    }
    options.maxAttempts = (Integer) nonNegative(method, subscribe, "maxAttempts", display, report);
    options.backoffMillis = (Long) nonNegative(method, subscribe, "backoffMillis", display, report);
    options.maxBackoffMillis =
        (Long) nonNegative(method, subscribe, "maxBackoffMillis", display, report);
    options.timeoutMillis = (Long) nonNegative(method, subscribe, "timeoutMillis", display, report);

    if (options.timeoutMillis > 0 && options.delivery.equals("SYNC")) {
      report.error(method, subscribe, AnnotationMirrors.explicitValue(subscribe, "timeoutMillis")
          .orElse(null), Message.OPTION_TIMEOUT_ON_SYNC, options.timeoutMillis, display);
    }
    if (options.maxAttempts == 1) {
      for (String backoff : List.of("backoffMillis", "maxBackoffMillis")) {
        Optional<AnnotationValue> value = AnnotationMirrors.explicitValue(subscribe, backoff);
        if (value.isPresent()) {
          report.error(method, subscribe, value.get(), Message.OPTION_BACKOFF_WITHOUT_RETRY,
              display, backoff, backoff);
        }
      }
    }
    if (options.backoffMillis > 0 && options.maxBackoffMillis > 0
        && options.maxBackoffMillis < options.backoffMillis) {
      report.error(method, subscribe, AnnotationMirrors.explicitValue(subscribe, "maxBackoffMillis")
              .orElse(null), Message.OPTION_BACKOFF_ABOVE_CAP, display, options.maxBackoffMillis,
          options.backoffMillis);
    }
    return options;
  }

  /** The delivery policies: failure policy and concurrency (batches are checked with the type). */
  private void policies(ExecutableElement method, AnnotationMirror subscribe, String display,
      Options options, boolean returnsStage, Report report) {
    options.onFailure = ((VariableElement) AnnotationMirrors.value(elements, subscribe,
        "onFailure").getValue()).getSimpleName().toString();
    options.concurrency = (Integer) nonNegative(method, subscribe, "concurrency", display, report);
    if (options.onFailure.equals("PROPAGATE")) {
      AnnotationValue onFailure = AnnotationMirrors.explicitValue(subscribe, "onFailure")
          .orElse(null);
      if (!options.delivery.equals("SYNC")) {
        report.error(method, subscribe, onFailure, Message.OPTION_PROPAGATE_NOT_SYNC, display,
            options.delivery);
      } else if (returnsStage) {
        report.error(method, subscribe, onFailure, Message.OPTION_PROPAGATE_WITH_STAGE, display,
            simpleName(method.getReturnType()));
      }
      for (String retry : List.of("maxAttempts", "backoffMillis", "maxBackoffMillis")) {
        Optional<AnnotationValue> value = AnnotationMirrors.explicitValue(subscribe, retry);
        if (value.isPresent() && !(retry.equals("maxAttempts") && options.maxAttempts == 1)) {
          report.error(method, subscribe, value.get(), Message.OPTION_PROPAGATE_WITH_RETRY,
              display, retry, retry);
        }
      }
    }
    if (options.concurrency > 0 && !options.delivery.equals("ASYNC")) {
      report.error(method, subscribe, AnnotationMirrors.explicitValue(subscribe, "concurrency")
              .orElse(null), Message.OPTION_CONCURRENCY_NOT_ASYNC, options.concurrency, display,
          options.delivery);
    }
  }

  private Number nonNegative(ExecutableElement method, AnnotationMirror subscribe,
      String attribute, String display, Report report) {
    AnnotationValue value = AnnotationMirrors.value(elements, subscribe, attribute);
    Number number = (Number) value.getValue();
    if (number.longValue() < 0) {
      report.error(method, subscribe, value, Message.OPTION_NEGATIVE, attribute,
          number.longValue(), display);
    }
    return number;
  }

  private boolean isCompletionStage(TypeMirror type) {
    TypeElement stage = elements.getTypeElement(COMPLETION_STAGE);
    return type.getKind() == TypeKind.DECLARED
        && types.isAssignable(types.erasure(type), types.erasure(stage.asType()));
  }

  private boolean isEnvelope(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) types.asElement(type)).getQualifiedName().contentEquals(ENVELOPE);
  }

  private static boolean isEvent(TypeElement element) {
    return element.getKind() == ElementKind.RECORD && AnnotationMirrors.has(element, EVENT);
  }

  private static boolean isSealedInterface(TypeElement element) {
    return element.getKind() == ElementKind.INTERFACE
        && element.getModifiers().contains(Modifier.SEALED);
  }

  @SuppressWarnings("unchecked")
  private static List<AnnotationValue> asList(AnnotationValue value) {
    return (List<AnnotationValue>) value.getValue();
  }

  /** {@code on(MessageReceived)}, {@code audit(Envelope<TaskCreated>)}: how people name a method. */
  public static String display(ExecutableElement method) {
    return method.getSimpleName() + method.getParameters().stream()
        .map(p -> simpleName(p.asType()))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  static String simpleName(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      DeclaredType declared = (DeclaredType) type;
      String name = declared.asElement().getSimpleName().toString();
      if (declared.getTypeArguments().isEmpty()) {
        return name;
      }
      return name + declared.getTypeArguments().stream()
          .map(ListenerValidator::simpleName)
          .collect(Collectors.joining(", ", "<", ">"));
    }
    if (type.getKind() == TypeKind.WILDCARD) {
      WildcardType wildcard = (WildcardType) type;
      if (wildcard.getExtendsBound() != null) {
        return "? extends " + simpleName(wildcard.getExtendsBound());
      }
      if (wildcard.getSuperBound() != null) {
        return "? super " + simpleName(wildcard.getSuperBound());
      }
      return "?";
    }
    return type.toString();
  }

  /** Sorts listener methods the way they appear in the source. */
  public static Comparator<ExecutableElement> sourceOrder(TypeElement listener) {
    List<? extends Element> members = listener.getEnclosedElements();
    return Comparator.comparingInt(members::indexOf);
  }

  private record Heard(Parameter parameter, List<ClassName> events) {}

  private static final class Options {
    int priority;
    String delivery;
    int maxAttempts;
    long backoffMillis;
    long maxBackoffMillis;
    long timeoutMillis;
    String onFailure;
    int concurrency;
    int batchSize;
    long maxWaitMillis;
  }

  /** A report, and the model of the listener's valid methods when there are some. */
  public record Result(Report report, Optional<ListenerModel> model) {}
}
