package dev.herald.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.herald.processor.testing.Compiler.assertClean;
import static dev.herald.processor.testing.Compiler.assertSingleError;
import static dev.herald.processor.testing.Compiler.assertSingleWarning;
import static dev.herald.processor.testing.Compiler.compile;
import static dev.herald.processor.testing.Compiler.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every rule about {@code @Subscribe} methods, one compile error (or warning, or none) each. */
class SubscribeDiagnosticsTest {

  private static final JavaFileObject EVENTS = source("com.acme.Tasks",
      "package com.acme;",
      "import dev.herald.annotations.*;",
      "public interface Tasks {",
      "  sealed interface TaskEvent permits Created, Done {}",
      "  @Event(\"task:created\") record Created(String id) implements TaskEvent {}",
      "  @Event(\"task:done\") record Done(String id) implements TaskEvent {}",
      "  record NotAnEvent(String id) {}",
      "  sealed interface Mixed permits Created2, Plain {}",
      "  @Event(\"task:created2\") record Created2(String id) implements Mixed {}",
      "  record Plain(String id) implements Mixed {}",
      "}");

  private static JavaFileObject listener(String... body) {
    String[] lines = new String[body.length + 7];
    lines[0] = "package com.acme;";
    lines[1] = "import dev.herald.annotations.*;";
    lines[2] = "import dev.herald.runtime.Envelope;";
    lines[3] = "import java.util.concurrent.*;";
    lines[4] = "import com.acme.Tasks.*; import java.util.List;";
    lines[5] = "public class Board {";
    System.arraycopy(body, 0, lines, 6, body.length);
    lines[lines.length - 1] = "}";
    return source("com.acme.Board", lines);
  }

  private static Compilation compileListener(JavaFileObject listener) {
    return compile(EVENTS, listener);
  }

  @Test
  void everyParameterKindCompilesWithoutWarnings() {
    assertClean(compileListener(listener(
        "  @Subscribe void created(Created e) {}",
        "  @Subscribe(priority = 10) void audit(Envelope<Done> e) {}",
        "  @Subscribe void any(TaskEvent e) {}",
        "  @Subscribe void anyEnvelope(Envelope<TaskEvent> e) {}",
        "  @Subscribe void bounded(Envelope<? extends TaskEvent> e) {}",
        "  @Subscribe(value = \"task:*\", delivery = Delivery.ASYNC, maxAttempts = 5,"
            + " backoffMillis = 100, maxBackoffMillis = 1000, timeoutMillis = 500)",
        "  CompletionStage<Void> ai(Envelope<?> e) { return CompletableFuture.completedFuture(null); }",
        "  @Subscribe(value = {\"#\", \"task.#\"}, delivery = Delivery.ORDERED)"
            + " CompletableFuture<String> all(Envelope<?> e) { return null; }",
        "  @Subscribe protected void checked(Created e) throws Exception {}")));
  }

  @Test
  void mustNotBePrivate() {
    JavaFileObject file = listener("  @Subscribe private void on(Created e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_PRIVATE, file, "private void on");
    assertThat(compilation).hadErrorContaining(
        "@Subscribe method on(Created) must not be private: the generated dispatcher calls it"
            + " directly; make it package-private or public");
  }

  @Test
  void mustNotBeStatic() {
    JavaFileObject file = listener("  @Subscribe static void on(Created e) {}");
    assertSingleError(compileListener(file), Message.SUBSCRIBE_STATIC, file, "static void on");
  }

  @Test
  void mustNotBeAbstract() {
    JavaFileObject file = source("com.acme.Board",
        "package com.acme;",
        "import dev.herald.annotations.*;",
        "public abstract class Board {",
        "  @Subscribe abstract void on(Tasks.Created e);",
        "}");
    assertSingleError(compile(EVENTS, file), Message.SUBSCRIBE_ABSTRACT, file, "abstract void on");
  }

  @Test
  void mustNotBeGeneric() {
    JavaFileObject file = listener("  @Subscribe <T> void on(Created e) {}");
    assertSingleError(compileListener(file), Message.SUBSCRIBE_GENERIC_METHOD, file, "<T> void on");
  }

  @Test
  void classMustBeReachable() {
    JavaFileObject file = listener(
        "  private static class Hidden {",
        "    @Subscribe void on(Created e) {}",
        "  }");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_UNREACHABLE_CLASS, file, "void on(Created e)");
    assertThat(compilation).hadErrorContaining("it is private");
  }

  @Test
  void classMustNotBeAnInterface() {
    JavaFileObject file = listener(
        "  interface Hears {",
        "    @Subscribe default void on(Created e) {}",
        "  }");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_UNREACHABLE_CLASS, file, "default void on");
    assertThat(compilation).hadErrorContaining("it is an interface");
  }

  @Test
  void genericListenerClassesCannotBeServed() {
    JavaFileObject file = listener(
        "  static class Generic<T> {",
        "    @Subscribe void on(Created e) {}",
        "  }");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_UNREACHABLE_CLASS, file, "void on(Created e)");
    assertThat(compilation).hadErrorContaining("it is generic");
  }

  @Test
  void takesExactlyOneParameter() {
    JavaFileObject file = listener("  @Subscribe void on(Created e, Done d) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_PARAMETER_COUNT, file, "void on(Created e");
    assertThat(compilation).hadErrorContaining("takes 2 parameters");
  }

  @Test
  void takesAtLeastOneParameter() {
    JavaFileObject file = listener("  @Subscribe void on() {}");
    assertSingleError(compileListener(file), Message.SUBSCRIBE_PARAMETER_COUNT, file, "void on()");
  }

  @Test
  void parameterMustBeAnEvent() {
    JavaFileObject file = listener("  @Subscribe void on(NotAnEvent e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_NOT_AN_EVENT, file, "void on(NotAnEvent e)");
    assertThat(compilation).hadErrorContaining("takes NotAnEvent, which is not an event");
  }

  @Test
  void stringIsNotAnEvent() {
    JavaFileObject file = listener("  @Subscribe void on(String e) {}");
    assertSingleError(compileListener(file), Message.SUBSCRIBE_NOT_AN_EVENT, file, "void on(String");
  }

  @Test
  void envelopeOfANonEventIsNotAnEvent() {
    JavaFileObject file = listener("  @Subscribe void on(Envelope<NotAnEvent> e) {}");
    assertSingleError(compileListener(file), Message.SUBSCRIBE_NOT_AN_EVENT, file,
        "Envelope<NotAnEvent>");
  }

  @Test
  void envelopeWithLowerBoundIsNotAnEvent() {
    JavaFileObject file = listener("  @Subscribe void on(Envelope<? super Created> e) {}");
    assertSingleError(compileListener(file), Message.SUBSCRIBE_NOT_AN_EVENT, file,
        "Envelope<? super Created>");
  }

  @Test
  void sealedInterfaceMustPermitOnlyEvents() {
    JavaFileObject file = listener("  @Subscribe void on(Mixed e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_SEALED_NOT_EVENTS, file, "void on(Mixed e)");
    assertThat(compilation).hadErrorContaining("which permits com.acme.Tasks.Plain");
  }

  @Test
  void rawEnvelopeIsRefused() {
    JavaFileObject file = listener("  @SuppressWarnings(\"rawtypes\") @Subscribe void on(Envelope e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_RAW_ENVELOPE, file, "void on(Envelope e)");
    assertThat(compilation).hadErrorContaining("as Envelope<TheEvent>");
  }

  @Test
  void wildcardEnvelopeNeedsPatterns() {
    JavaFileObject file = listener("  @Subscribe void on(Envelope<?> e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_WILDCARD_WITHOUT_PATTERNS, file,
        "@Subscribe void on(Envelope<?> e)");
    assertThat(compilation).hadErrorContaining("\"#\" for every event");
  }

  @Test
  void patternsNeedAWildcardEnvelope() {
    JavaFileObject file = listener("  @Subscribe(\"task:*\") void on(Created e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_PATTERNS_WITH_TYPE, file,
        "@Subscribe(\"task:*\")");
    assertThat(compilation).hadErrorContaining("its parameter Created already selects its events");
  }

  @Test
  void returnTypeIsVoidOrCompletionStage() {
    JavaFileObject file = listener("  @Subscribe String on(Created e) { return \"\"; }");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.SUBSCRIBE_RETURN_TYPE, file, "String on(Created e)");
    assertThat(compilation).hadErrorContaining("returns java.lang.String");
  }

  @Test
  void patternsFollowTheGrammar() {
    JavaFileObject file = listener("  @Subscribe({\"task:*\", \"task:cre*\"}) void on(Envelope<?> e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.PATTERN_INVALID, file, "task:cre*");
    assertThat(compilation).hadErrorContaining("a wildcard is a whole segment");
  }

  @Test
  void aPatternThatMatchesNothingIsAWarning() {
    JavaFileObject file = listener(
        "  @Subscribe void typed(Created e) {}",
        "  @Subscribe(\"tsak:*\") void on(Envelope<?> e) {}");
    Compilation compilation = compileListener(file);
    assertSingleWarning(compilation, Message.PATTERN_UNMATCHED, file, "@Subscribe(\"tsak:*\")");
    assertThat(compilation).hadWarningContaining("[" + Message.PATTERN_UNMATCHED.code()
        + "] @Subscribe pattern \"tsak:*\" on on(Envelope<?>) matches no event");
  }

  @Test
  void theUnmatchedPatternWarningCanBeSuppressed() {
    assertClean(compileListener(listener(
        "  @Subscribe void typed(Created e) {}",
        "  @SuppressWarnings(\"herald:unmatched-pattern\")",
        "  @Subscribe(\"billing:*\") void on(Envelope<?> e) {}")));
  }

  @Test
  void optionsMustNotBeNegative() {
    JavaFileObject file = listener(
        "  @Subscribe(delivery = Delivery.ASYNC, maxAttempts = -1) void on(Created e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.OPTION_NEGATIVE, file, "maxAttempts = -1");
    assertThat(compilation).hadErrorContaining("@Subscribe(maxAttempts = -1) on on(Created) is"
        + " negative");
  }

  @Test
  void timeoutDoesNotApplyToSync() {
    JavaFileObject file = listener("  @Subscribe(timeoutMillis = 100) void on(Created e) {}");
    assertSingleError(compileListener(file), Message.OPTION_TIMEOUT_ON_SYNC, file,
        "timeoutMillis = 100");
  }

  @Test
  void backoffNeedsRetries() {
    JavaFileObject file = listener(
        "  @Subscribe(maxAttempts = 1, backoffMillis = 100) void on(Created e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.OPTION_BACKOFF_WITHOUT_RETRY, file,
        "backoffMillis = 100");
    assertThat(compilation).hadErrorContaining("sets backoffMillis but maxAttempts = 1");
  }

  @Test
  void backoffCapIsAtLeastTheFirstWait() {
    JavaFileObject file = listener("  @Subscribe(maxAttempts = 3, backoffMillis = 500,"
        + " maxBackoffMillis = 100) void on(Created e) {}");
    assertSingleError(compileListener(file), Message.OPTION_BACKOFF_ABOVE_CAP, file,
        "maxBackoffMillis = 100");
  }

  @Test
  void deliveryPoliciesCompileWithoutWarnings() {
    assertClean(compileListener(listener(
        "  @Subscribe(onFailure = FailurePolicy.PROPAGATE) void validate(Created e) {}",
        "  @Subscribe(onFailure = FailurePolicy.PROPAGATE, maxAttempts = 1) void one(Created e) {}",
        "  @Subscribe(onFailure = FailurePolicy.LOG, delivery = Delivery.ORDERED, maxAttempts = 3)",
        "  void view(Done e) {}",
        "  @Subscribe(delivery = Delivery.ASYNC, concurrency = 4) void mail(Created e) {}")));
  }

  @Test
  void propagateNeedsSyncDelivery() {
    JavaFileObject file = listener("  @Subscribe(delivery = Delivery.ASYNC,",
        "      onFailure = FailurePolicy.PROPAGATE) void on(Created e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.OPTION_PROPAGATE_NOT_SYNC, file,
        "onFailure = FailurePolicy.PROPAGATE");
    assertThat(compilation).hadErrorContaining(
        "@Subscribe(onFailure = PROPAGATE) on on(Created) cannot apply to ASYNC delivery");
  }

  @Test
  void propagateIsRejectedOnOrderedDeliveryToo() {
    JavaFileObject file = listener("  @Subscribe(delivery = Delivery.ORDERED,",
        "      onFailure = FailurePolicy.PROPAGATE) void on(Created e) {}");
    assertSingleError(compileListener(file), Message.OPTION_PROPAGATE_NOT_SYNC, file,
        "onFailure = FailurePolicy.PROPAGATE");
  }

  @Test
  void propagateNeedsAVoidListener() {
    JavaFileObject file = listener("  @Subscribe(onFailure = FailurePolicy.PROPAGATE)",
        "  CompletionStage<Void> on(Created e) { return null; }");
    assertSingleError(compileListener(file), Message.OPTION_PROPAGATE_WITH_STAGE, file,
        "onFailure = FailurePolicy.PROPAGATE");
  }

  @Test
  void propagateIsNeverRetried() {
    JavaFileObject file = listener("  @Subscribe(onFailure = FailurePolicy.PROPAGATE,",
        "      maxAttempts = 3) void on(Created e) {}");
    assertSingleError(compileListener(file), Message.OPTION_PROPAGATE_WITH_RETRY, file,
        "maxAttempts = 3");
  }

  @Test
  void concurrencyNeedsAsyncDelivery() {
    JavaFileObject file = listener("  @Subscribe(delivery = Delivery.ORDERED,",
        "      concurrency = 2) void on(Created e) {}");
    assertSingleError(compileListener(file), Message.OPTION_CONCURRENCY_NOT_ASYNC, file,
        "concurrency = 2");
  }

  @Test
  void concurrencyIsNotNegative() {
    JavaFileObject file = listener(
        "  @Subscribe(delivery = Delivery.ASYNC, concurrency = -1) void on(Created e) {}");
    assertSingleError(compileListener(file), Message.OPTION_NEGATIVE, file, "concurrency = -1");
  }

  @Test
  void everyBatchShapeCompilesWithoutWarnings() {
    assertClean(compileListener(listener(
        "  @Subscribe(batchSize = 10, maxWaitMillis = 5) void payloads(List<Created> e) {}",
        "  @Subscribe(batchSize = 10, maxWaitMillis = 5, delivery = Delivery.ORDERED)",
        "  void envelopes(List<Envelope<Created>> e) {}",
        "  @Subscribe(batchSize = 10, maxWaitMillis = 5) void sealed(List<TaskEvent> e) {}",
        "  @Subscribe(batchSize = 10, maxWaitMillis = 5)",
        "  void bounded(List<Envelope<? extends TaskEvent>> e) {}",
        "  @Subscribe(value = \"task:*\", batchSize = 10, maxWaitMillis = 5, concurrency = 2)",
        "  CompletionStage<Void> any(List<Envelope<?>> e) { return null; }",
        "  @Subscribe void single(Created e) {}")));
  }

  @Test
  void aBatchNeedsASizeAndAWait() {
    JavaFileObject file = listener("  @Subscribe(batchSize = 10) void on(List<Created> e) {}");
    Compilation compilation = compileListener(file);
    assertSingleError(compilation, Message.BATCH_NEEDS_SIZE_AND_WAIT, file, "void on");
    assertThat(compilation).hadErrorContaining(
        "@Subscribe method on(List<Created>) takes a batch (List<Created>) but sets no"
            + " maxWaitMillis");
  }

  @Test
  void aBatchOfSomethingElseIsNotAnEvent() {
    JavaFileObject file = listener(
        "  @Subscribe(batchSize = 10, maxWaitMillis = 5) void on(List<String> e) {}");
    assertSingleError(compileListener(file), Message.SUBSCRIBE_NOT_AN_EVENT, file, "void on");
  }

  @Test
  void aRawListIsRefused() {
    JavaFileObject file = listener("  @SuppressWarnings(\"rawtypes\")",
        "  @Subscribe(batchSize = 10, maxWaitMillis = 5) void on(List e) {}");
    assertSingleError(compileListener(file), Message.BATCH_RAW_LIST, file, "void on");
  }

  @Test
  void batchOptionsNeedAList() {
    JavaFileObject file = listener("  @Subscribe(batchSize = 10) void on(Created e) {}");
    assertSingleError(compileListener(file), Message.BATCH_OPTIONS_WITHOUT_LIST, file,
        "batchSize = 10");
  }

  @Test
  void aBatchIsNeverSync() {
    JavaFileObject file = listener("  @Subscribe(batchSize = 10, maxWaitMillis = 5,",
        "      delivery = Delivery.SYNC) void on(List<Created> e) {}");
    assertSingleError(compileListener(file), Message.BATCH_ON_SYNC, file,
        "delivery = Delivery.SYNC");
  }

  @Test
  void aBatchCannotPropagate() {
    JavaFileObject file = listener("  @Subscribe(batchSize = 10, maxWaitMillis = 5,",
        "      onFailure = FailurePolicy.PROPAGATE) void on(List<Created> e) {}");
    assertSingleError(compileListener(file), Message.OPTION_PROPAGATE_NOT_SYNC, file,
        "onFailure = FailurePolicy.PROPAGATE");
  }
}
