package dev.herald.processor.diagnostics;

import static javax.tools.Diagnostic.Kind.ERROR;
import static javax.tools.Diagnostic.Kind.NOTE;
import static javax.tools.Diagnostic.Kind.WARNING;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor can print, in one place. Each message starts with a stable code such
 * as {@code [Herald/DuplicateEvent]} that users can search for, states the rule, names the element and
 * says how to fix it. Warnings and notes can be silenced with
 * {@code @SuppressWarnings("herald:<suppression key>")} on the element or an enclosing one.
 */
public enum Message {

  // ----- @Event -----
  EVENT_NOT_RECORD(ERROR, "EventNotRecord",
      "@Event %s is %s, not a record: Herald's generated code builds events through their record"
          + " components; declare it as 'record %s(...)'"),
  EVENT_GENERIC(ERROR, "GenericEvent",
      "@Event record %s must not be generic: an event's payload type must be fully known at compile"
          + " time; replace the type parameters %s with concrete types"),
  EVENT_PRIVATE(ERROR, "PrivateEvent",
      "@Event record %s must not be private: generated code calls its constructor and accessors;"
          + " make it package-private or public"),
  EVENT_LOCAL(ERROR, "LocalEvent",
      "@Event record %s is declared inside a method, where generated code cannot reach it; move it to"
          + " the top level of a file or nest it in a class"),
  EVENT_INACCESSIBLE(ERROR, "InaccessibleEvent",
      "@Event record %s is not accessible from the contracts package '%s', where EventMap refers to"
          + " it; make it and every type enclosing it public, or move it into '%s'"),
  EVENT_NAME_INVALID(ERROR, "InvalidEventName",
      "@Event name \"%s\" on %s is invalid: %s. An event name is one or more segments of [a-z0-9_-]"
          + " joined by ':' or '.', for example \"message:received\""),
  EVENT_NAME_RESERVED(ERROR, "ReservedEventName",
      "@Event name \"%s\" on %s is in the namespace 'herald', which Herald reserves for the bus's own"
          + " events; choose another first segment"),
  EVENT_VERSION_INVALID(ERROR, "InvalidEventVersion",
      "@Event version %d on %s is below 1: versions start at 1; use version = 1 or higher"),
  EVENT_DUPLICATE(ERROR, "DuplicateEvent",
      "Event \"%s\" version %d is declared twice, by %s and by %s; give one of them another name or"
          + " a higher version"),
  EVENT_CONSTANT_CLASH(ERROR, "EventConstantClash",
      "Events \"%s\" (%s) and \"%s\" (%s) both become the EventType constant %s; rename one of them"),
  ORDERING_KEY_DUPLICATE(ERROR, "DuplicateOrderingKey",
      "@OrderingKey is on both '%s' and '%s' of %s: an event has at most one ordering key; keep it on"
          + " one component"),
  ORDERING_KEY_TYPE(ERROR, "InvalidOrderingKey",
      "@OrderingKey component '%s' of %s has type %s, which cannot be an ordering key: ordered"
          + " delivery groups events by equal keys, so use a String, UUID, enum, primitive or boxed"
          + " primitive"),
  CONTRACTS_PACKAGE_DUPLICATE(ERROR, "DuplicateContractsPackage",
      "@EventContracts is on both '%s' and '%s': one compilation has one contracts package; remove"
          + " one of them"),
  CONTRACTS_PACKAGE_UNNAMED(ERROR, "NoContractsPackage",
      "The @Event records of this compilation (%s) share no package, so Herald does not know where to"
          + " put EventType and EventMap; put @EventContracts on the package-info.java of the package"
          + " that should hold them"),

  // ----- @Subscribe -----
  SUBSCRIBE_PRIVATE(ERROR, "PrivateSubscriber",
      "@Subscribe method %s must not be private: the generated dispatcher calls it directly; make it"
          + " package-private or public"),
  SUBSCRIBE_STATIC(ERROR, "StaticSubscriber",
      "@Subscribe method %s must not be static: the bus delivers to registered listener instances;"
          + " make it an instance method"),
  SUBSCRIBE_ABSTRACT(ERROR, "AbstractSubscriber",
      "@Subscribe method %s must not be abstract: the generated dispatcher calls it on the class that"
          + " declares it; give it a body, or put @Subscribe on the implementation"),
  SUBSCRIBE_UNREACHABLE_CLASS(ERROR, "UnreachableListener",
      "@Subscribe method %s is in %s, which the generated dispatcher cannot reach: %s; make the"
          + " listener a top-level class or a static nested class that is not private"),
  SUBSCRIBE_PARAMETER_COUNT(ERROR, "SubscriberParameterCount",
      "@Subscribe method %s takes %d parameters: a listener method takes exactly one, the event or"
          + " its Envelope"),
  SUBSCRIBE_NOT_AN_EVENT(ERROR, "NotAnEvent",
      "@Subscribe method %s takes %s, which is not an event: take an @Event record, Envelope<E> of"
          + " one, a sealed interface whose permitted subtypes are events, or Envelope<?> with"
          + " patterns"),
  SUBSCRIBE_SEALED_NOT_EVENTS(ERROR, "SealedNotAllEvents",
      "@Subscribe method %s takes sealed interface %s, which permits %s, not an @Event record:"
          + " every permitted subtype must be an event (or a sealed interface of events); annotate it"
          + " with @Event or listen to the events one by one"),
  SUBSCRIBE_RAW_ENVELOPE(ERROR, "RawEnvelope",
      "@Subscribe method %s takes a raw Envelope: say which events it hears, as Envelope<TheEvent>,"
          + " or take Envelope<?> and name patterns"),
  SUBSCRIBE_WILDCARD_WITHOUT_PATTERNS(ERROR, "MissingPatterns",
      "@Subscribe method %s takes Envelope<?> but names no patterns, so it would hear nothing; add"
          + " patterns such as @Subscribe(\"task:*\"), or \"#\" for every event"),
  SUBSCRIBE_PATTERNS_WITH_TYPE(ERROR, "PatternsWithTypedParameter",
      "@Subscribe method %s names patterns %s, but its parameter %s already selects its events;"
          + " remove the patterns, or take Envelope<?>"),
  SUBSCRIBE_RETURN_TYPE(ERROR, "InvalidSubscriberReturn",
      "@Subscribe method %s returns %s: a listener returns void, or a CompletionStage that"
          + " asynchronous deliveries await"),
  SUBSCRIBE_GENERIC_METHOD(ERROR, "GenericSubscriber",
      "@Subscribe method %s declares type parameters: the generated dispatcher needs to know the"
          + " parameter's type; remove the type parameters"),
  PATTERN_INVALID(ERROR, "InvalidPattern",
      "@Subscribe pattern \"%s\" on %s is invalid: %s. A pattern is segments of [a-z0-9_-], '*' (one"
          + " segment) or '#' (zero or more segments) joined by ':' or '.', for example \"task:*\""),
  PATTERN_UNMATCHED(WARNING, "UnmatchedPattern",
      "@Subscribe pattern \"%s\" on %s matches no event known to this compilation; check the"
          + " spelling, or add @SuppressWarnings(\"herald:unmatched-pattern\") if the events come"
          + " from elsewhere", "unmatched-pattern"),
  OPTION_NEGATIVE(ERROR, "NegativeOption",
      "@Subscribe(%s = %d) on %s is negative; use 0 for the bus's default or a positive value"),
  OPTION_TIMEOUT_ON_SYNC(ERROR, "TimeoutOnSync",
      "@Subscribe(timeoutMillis = %d) on %s cannot apply to SYNC delivery, which runs on the"
          + " publisher's thread and cannot be abandoned; use delivery = ASYNC or ORDERED, or remove"
          + " the timeout"),
  OPTION_BACKOFF_WITHOUT_RETRY(ERROR, "BackoffWithoutRetry",
      "@Subscribe on %s sets %s but maxAttempts = 1, so there is no retry to wait for; raise"
          + " maxAttempts or remove %s"),
  OPTION_BACKOFF_ABOVE_CAP(ERROR, "BackoffAboveCap",
      "@Subscribe on %s has maxBackoffMillis = %d below backoffMillis = %d; make the cap at least as"
          + " long as the first wait"),
  OPTION_PROPAGATE_NOT_SYNC(ERROR, "PropagateNeedsSync",
      "@Subscribe(onFailure = PROPAGATE) on %s cannot apply to %s delivery, which runs after"
          + " publish has returned, with nobody to throw to; keep delivery = SYNC, or choose"
          + " onFailure = DEAD_LETTER or LOG"),
  OPTION_PROPAGATE_WITH_STAGE(ERROR, "PropagateWithStage",
      "@Subscribe(onFailure = PROPAGATE) on %s returns %s, which may fail after publish has"
          + " returned, with nobody to throw to; return void, or choose onFailure = DEAD_LETTER or"
          + " LOG"),
  OPTION_PROPAGATE_WITH_RETRY(ERROR, "PropagateWithRetry",
      "@Subscribe(onFailure = PROPAGATE) on %s sets %s, but a propagated failure is never retried:"
          + " the publisher has it; remove %s, or choose onFailure = DEAD_LETTER or LOG"),
  BATCH_RAW_LIST(ERROR, "RawBatch",
      "@Subscribe method %s takes a raw List: say which events its batches hold, as"
          + " List<TheEvent> or List<Envelope<TheEvent>>"),
  BATCH_NEEDS_SIZE_AND_WAIT(ERROR, "BatchNeedsSizeAndWait",
      "@Subscribe method %s takes a batch (%s) but sets no %s: a batch is delivered when it holds"
          + " batchSize events or its first event has waited maxWaitMillis; set both, e.g."
          + " @Subscribe(batchSize = 100, maxWaitMillis = 50)"),
  BATCH_OPTIONS_WITHOUT_LIST(ERROR, "BatchOptionsWithoutList",
      "@Subscribe(%s) on %s applies to batch listeners only, whose parameter is List<TheEvent> or"
          + " List<Envelope<TheEvent>>; take a List, or remove %s"),
  BATCH_ON_SYNC(ERROR, "BatchNeedsAsync",
      "@Subscribe method %s takes a batch, which cannot be delivered SYNC on a publisher's thread:"
          + " it gathers the events of several publishes; use delivery = ASYNC or ORDERED, or"
          + " leave delivery out (batches are ASYNC by default)"),
  OPTION_CONCURRENCY_NOT_ASYNC(ERROR, "ConcurrencyNeedsAsync",
      "@Subscribe(concurrency = %d) on %s cannot apply to %s delivery: SYNC runs on the"
          + " publisher's thread, ORDERED one delivery per ordering key already; use delivery ="
          + " ASYNC, or remove concurrency"),

  // ----- JSON codecs -----
  CODEC_DATABIND_FALLBACK(NOTE, "DatabindFallback",
      "Component '%s' of %s has type %s, which Herald's generated codec does not cover; it is"
          + " encoded with Jackson databind instead, so keep jackson-databind on the class path",
      "databind-fallback"),
  CODEC_DATABIND_MISSING(ERROR, "DatabindMissing",
      "Component '%s' of %s has type %s, which Herald's generated codec does not cover, and"
          + " jackson-databind (its fallback) is not on the class path; add"
          + " com.fasterxml.jackson.core:jackson-databind, or use a supported type"),
  CODEC_EXACT_DECIMALS_UNUSED(ERROR, "ExactDecimalsUnused",
      "Component '%s' of %s is annotated @ExactDecimals but its type %s holds no free-form value"
          + " (Object, Map<String, Object>, List<Object>), so the annotation has no effect; remove"
          + " it, or type the component as free-form JSON"),
  CODEC_NULLABLE_PRIMITIVE(ERROR, "NullablePrimitive",
      "Component '%s' of %s is marked @Nullable but has primitive type %s, which cannot be null;"
          + " use the boxed type or remove @Nullable"),
  CODEC_RECORD_INACCESSIBLE(ERROR, "InaccessibleRecord",
      "Record %s, reached from component '%s' of %s, is not accessible from the generated codec in"
          + " package '%s'; make it and every type enclosing it public, or move it into that package"),
  CODEC_TYPE_INACCESSIBLE(ERROR, "InaccessibleType",
      "Type %s, used by component '%s' of %s, is not accessible from the generated codec in package"
          + " '%s'; make it and every type enclosing it public, or move it into that package"),
  CODEC_NOT_GENERATED(ERROR, "CodecNotGenerated",
      "No JSON codec can be generated for %s: it contains %s, whose codec failed in an earlier"
          + " round (see the error reported there); fix that error first"),

  // ----- versions and @Upcast -----
  UPCAST_NOT_STATIC(ERROR, "UpcastNotStatic",
      "@Upcast method %s must be static: generated code calls it, without an instance, whenever it"
          + " reads an older document; make it static"),
  UPCAST_UNREACHABLE(ERROR, "UnreachableUpcast",
      "@Upcast method %s cannot be called by the generated EventMap in package '%s': %s; make the"
          + " method not private, in a top-level or static nested class that is not private, and"
          + " public (with its classes) unless it is in '%s'"),
  UPCAST_SIGNATURE(ERROR, "InvalidUpcastSignature",
      "@Upcast method %s %s: an upcaster takes one @Event record of version N and returns version"
          + " N+1 of the same event, as in 'static OrderPlacedV2 upcast(OrderPlaced old)', with no"
          + " type parameters and no checked exceptions"),
  UPCAST_OUTSIDE_COMPILATION(ERROR, "UpcastOutsideCompilation",
      "@Upcast method %s uses %s, which is not a valid event of this compilation: the versions of"
          + " an event and their upcasters are compiled together, into one EventMap; move them into"
          + " the same module"),
  UPCAST_ACROSS_NAMES(ERROR, "UpcastAcrossNames",
      "@Upcast method %s turns \"%s\" into \"%s\": an upcaster carries one event to its next"
          + " version and never renames it; return version %d of \"%s\", or publish the other event"
          + " from a listener"),
  UPCAST_BACKWARDS(ERROR, "UpcastBackwards",
      "@Upcast method %s turns %s into %s, which is not newer: upcasters go forward only, from"
          + " version N to N+1; swap the parameter and the return type, or remove the method"),
  UPCAST_SKIPS_VERSION(ERROR, "UpcastSkipsVersion",
      "@Upcast method %s turns %s into %s, skipping %s: an upcaster takes one step, so that every"
          + " version has exactly one path to the newest; return %s, and let that version's own"
          + " step go on"),
  UPCAST_DUPLICATE(ERROR, "DuplicateUpcast",
      "%s has two @Upcast methods to v%d, %s and %s: each step has at most one upcaster; remove"
          + " one"),
  VERSION_GAP(ERROR, "VersionGap",
      "%s is declared, but version %d of \"%s\" is not: versions are numbered without gaps, so"
          + " that every older document has a path to the newest, one step at a time; declare"
          + " version %d, or number this one %d"),
  NO_PATH_TO_NEWEST(ERROR, "NoPathToNewest",
      "%s has no path to the newest version, %d: no @Upcast method turns it into v%d (%s), and"
          + " that version is not compatible with it (see the errors on %s); write"
          + " '@Upcast static %s upcast(%s old)' in a class of this module"),
  COMPONENT_REMOVED(ERROR, "ComponentRemoved",
      "%s drops component '%s' of v%d (%s), so a v%d document cannot be read as v%d without"
          + " losing it; write an @Upcast method from %s to %s that says what becomes of it, or"
          + " keep the component"),
  COMPONENT_TYPE_CHANGED(ERROR, "ComponentTypeChanged",
      "Component '%s' of %s has type %s, but %s in v%d (%s), which does not convert to it without"
          + " loss; write an @Upcast method from %s to %s that converts it, or keep type %s"),
  COMPONENT_NOW_REQUIRED(ERROR, "ComponentNowRequired",
      "Component '%s' of %s is required, but may be null in v%d (%s), so a v%d document without"
          + " it could not be read as v%d; keep it @Nullable, give it a @DefaultValue, or write an"
          + " @Upcast method from %s to %s that supplies it"),
  REQUIRED_COMPONENT_ADDED(ERROR, "RequiredComponentAdded",
      "Component '%s' of %s is new in v%d and required, so a v%d document (%s) cannot be read as"
          + " v%d; give it a default (@Nullable, Optional<...> or @DefaultValue(\"...\")), or write"
          + " an @Upcast method from %s to %s that supplies it"),
  DEFAULT_VALUE_INVALID(ERROR, "InvalidDefaultValue",
      "@DefaultValue(\"%s\") on component '%s' of %s %s; write a literal of its type: true or"
          + " false, a decimal number, one character, any text for a String, or an enum constant's"
          + " name"),

  // ----- the processor itself -----
  CONTRACT_AFTER_AGGREGATES(ERROR, "LateContract",
      "%s was generated by another annotation processor after Herald had written EventType, EventMap"
          + " and the catalog, so they do not include it. Herald writes them in its first round when"
          + " it finds no other processor on the processor path (META-INF/services); put the"
          + " processor that generates %s on the same processor path (annotationProcessorPaths,"
          + " -processorpath) so that Herald waits for it"),
  TYPE_NEVER_RESOLVED(ERROR, "UnresolvedType",
      "%s could not be processed because the type %s never became available, not even after the last"
          + " round of annotation processing; check that it is spelled right and on the class path"),
  INTERNAL_ERROR(ERROR, "InternalError",
      "This is a bug in Herald, not in your code: the processor failed on %s with %s. Please report"
          + " it to the Herald maintainers with this message.%n%s");

  private final Diagnostic.Kind kind;
  private final String code;
  private final String format;
  private final String suppressionKey;

  Message(Diagnostic.Kind kind, String code, String format) {
    this(kind, code, format, null);
  }

  Message(Diagnostic.Kind kind, String code, String format, String suppressionKey) {
    this.kind = kind;
    this.code = code;
    this.format = format;
    this.suppressionKey = suppressionKey == null ? null : "herald:" + suppressionKey;
  }

  public Diagnostic.Kind kind() {
    return kind;
  }

  /** The stable code users search for, e.g. {@code Herald/DuplicateEvent}. */
  public String code() {
    return "Herald/" + code;
  }

  /** The {@code @SuppressWarnings} value that silences this warning or note, or {@code null}. */
  public String suppressionKey() {
    return suppressionKey;
  }

  public String format(Object... args) {
    return "[" + code() + "] " + String.format(format, args);
  }
}
