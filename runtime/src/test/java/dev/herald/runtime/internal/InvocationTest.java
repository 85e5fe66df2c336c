package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static dev.herald.runtime.internal.PipelineFixtures.subscriber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.observability.MdcKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * The one way the bus calls a listener: the envelope is current (and in the MDC) during the call
 * and not after, whatever the listener does; the stage it returns is bounded by the timeout.
 */
@Timeout(30)
class InvocationTest {

  private final Invocation invocation = new Invocation(true);
  private final CurrentEvent.State thread = CurrentEvent.state();

  @AfterEach
  void clear() {
    thread.current = null;
    MDC.clear();
  }

  @Test
  void theEnvelopeIsCurrentAndInTheMdcDuringTheCallOnly() throws Throwable {
    Envelope<?> envelope = ping(1, "acme");
    List<Object> seen = new ArrayList<>();
    Subscriber subscriber = subscriber("s", e -> {
      seen.add(CurrentEvent.get());
      seen.add(MDC.getCopyOfContextMap());
      return null;
    });

    assertThat(invocation.call(thread, subscriber, envelope)).isNull();

    assertThat(seen.get(0)).isSameAs(envelope);
    assertThat(seen.get(1)).isEqualTo(Map.of(MdcKeys.EVENT_ID, envelope.id(),
        MdcKeys.EVENT_TYPE, "test:ping", MdcKeys.CORRELATION_ID, envelope.id(),
        MdcKeys.TENANT_ID, "acme"));
    assertThat(thread.current).isNull();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void theEnvelopeBeforeIsRestoredAfterAListenerThrows() {
    Envelope<?> outer = ping(1, "outer-tenant");
    Envelope<?> inner = ping(2);
    Envelope<?> previous = invocation.enter(thread, outer);
    IOException failure = new IOException("listener bug");
    Subscriber subscriber = subscriber("s", e -> {
      throw failure;
    });

    assertThatThrownBy(() -> invocation.call(thread, subscriber, inner)).isSameAs(failure);

    assertThat(thread.current).isSameAs(outer);
    assertThat(MDC.get(MdcKeys.EVENT_ID)).isEqualTo(outer.id());
    assertThat(MDC.get(MdcKeys.TENANT_ID)).isEqualTo("outer-tenant");
    invocation.exit(thread, previous);
    assertThat(thread.current).isNull();
    assertThat(MDC.get(MdcKeys.EVENT_ID)).isNull();
  }

  @Test
  void aStageThatOutlivesTheTimeoutFailsWithTimeoutButTheListenersOwnStageIsLeftAlone()
      throws Throwable {
    CompletableFuture<Void> never = new CompletableFuture<>();
    Subscriber subscriber = subscriber("slow", Delivery.ASYNC, RetryPolicy.none(),
        Duration.ofMillis(50), e -> never);

    CompletionStage<?> stage = invocation.call(thread, subscriber, ping(1));

    assertThatThrownBy(() -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .satisfies(e -> assertThat(Invocation.unwrap(e)).isInstanceOf(TimeoutException.class));
    assertThat(never).isNotDone();
  }

  @Test
  void aStageWithinTheTimeoutCompletesWithItsOwnResult() throws Throwable {
    CompletableFuture<String> quick = new CompletableFuture<>();
    Subscriber subscriber = subscriber("quick", Delivery.ORDERED, RetryPolicy.none(),
        Duration.ofSeconds(10), e -> quick);

    CompletionStage<?> stage = invocation.call(thread, subscriber, ping(1));
    quick.complete("done");

    assertThat(stage.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void withoutATimeoutTheListenersStageIsReturnedAsItIs() throws Throwable {
    CompletableFuture<Void> never = new CompletableFuture<>();
    Subscriber subscriber = subscriber("sync", Delivery.SYNC, RetryPolicy.none(), Duration.ZERO,
        e -> never);

    assertThat(invocation.call(thread, subscriber, ping(1))).isSameAs(never);
  }

  @Test
  void failuresOfStagesAreUnwrappedAndFatalErrorsGoThrough() {
    IllegalStateException cause = new IllegalStateException("bug");

    assertThat(Invocation.unwrap(new CompletionException(new ExecutionException(cause))))
        .isSameAs(cause);
    assertThat(Invocation.unwrap(cause)).isSameAs(cause);
    OutOfMemoryError fatal = new OutOfMemoryError("test");
    assertThatThrownBy(() -> Invocation.rethrowIfFatal(fatal)).isSameAs(fatal);
    Invocation.rethrowIfFatal(cause); // not fatal: nothing thrown
  }

  @Test
  void withoutTheMdcNothingIsPutThere() throws Throwable {
    Invocation quiet = new Invocation(false);
    List<Object> seen = new ArrayList<>();

    quiet.call(thread, subscriber("s", e -> {
      seen.add(MDC.get(MdcKeys.EVENT_ID));
      seen.add(CurrentEvent.get());
      return null;
    }), ping(1));

    assertThat(seen.get(0)).isNull();
    assertThat(seen.get(1)).isNotNull();
  }
}
