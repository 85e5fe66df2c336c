package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static dev.herald.runtime.internal.PipelineFixtures.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.internal.PipelineFixtures.Ping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous attempts: each reaches one outcome, at once or when its stage completes; a task
 * settled at shutdown while it waited in its ORDERED lane is not attempted but frees the lane,
 * which goes on to the next task; a delivery nobody will run is settled.
 */
class AsyncDispatcherTest {

  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  private static final int CAPACITY = 4;

  /** Holds what it is given until the test runs it, on the test's thread. */
  private static final class CapturingExecutor implements Executor {
    final Queue<Runnable> queued = new ArrayDeque<>();
    boolean refusing;

    @Override
    public void execute(Runnable command) {
      if (refusing) {
        throw new RejectedExecutionException("shut down");
      }
      queued.add(command);
    }

    /** Runs what is queued, and what that queues, until nothing is left. */
    void runAll() {
      for (Runnable next; (next = queued.poll()) != null; ) {
        next.run();
      }
    }
  }

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final CapturingExecutor executor = new CapturingExecutor();
  private final HeldRetries retries = new HeldRetries();
  private final EventBus announcer = PipelineFixtures.bus();
  private final DeadLetterStore store = DeadLetterStore.inMemory(100);
  private final Admission admission =
      new Admission("test", BackpressurePolicy.DEAD_LETTER, Duration.ZERO, CAPACITY);
  private final InFlight inFlight = new InFlight();
  private final Outcomes outcomes;
  private final AsyncDispatcher dispatcher;
  /** The payloads the listeners were called with, in call order. */
  private final List<Integer> calls = new CopyOnWriteArrayList<>();

  AsyncDispatcherTest() {
    Announcements announcements = new Announcements(announcer, admission);
    MetricsRecorder metrics = new MetricsRecorder(false, clock, admission::depth, 100);
    HealthCheck health =
        new HealthCheck("test", clock, admission::depth, 100, admission::isClosed, null, false, 0);
    DeadLettering deadLettering = new DeadLettering(store, new TimeOrderedIds("dlq_", clock),
        clock, metrics, health, announcements);
    outcomes = new Outcomes(clock, admission, inFlight, deadLettering, announcements, retries);
    dispatcher = new AsyncDispatcher(executor, false, admission, new Invocation(false), outcomes,
        inFlight);
  }

  @AfterEach
  void close() {
    announcer.close();
    retries.shutdownNow();
  }

  private Subscriber.Invoker recording(Subscriber.Invoker then) {
    return envelope -> {
      calls.add(((Ping) envelope.payload()).n());
      return then.invoke(envelope);
    };
  }

  private DeliveryTask asyncTask(int n, Subscriber.Invoker invoker) {
    return new DeliveryTask(subscriber("async", recording(invoker)), ping(n), null);
  }

  private List<DeadLetter> letters() {
    return store.list(DeadLetterQuery.all());
  }

  /** Nothing is left held: no backlog, no in-flight entry. */
  private void assertNothingHeld() {
    assertThat(admission.depth()).as("backlog").isZero();
    assertThat(inFlight.snapshot()).as("in flight").isEmpty();
  }

  @Test
  void anAttemptThatReturnsIsDeliveredOnce() {
    DeliveryTask task = asyncTask(1, e -> null);

    dispatcher.submit(task, false);
    assertThat(calls).as("not before the executor runs it").isEmpty();
    assertThat(admission.depth()).isEqualTo(1);
    executor.runAll();

    assertThat(calls).containsExactly(1);
    assertThat(task.attempts).isEqualTo(1);
    assertThat(task.isFinished()).isTrue();
    assertThat(letters()).isEmpty();
    assertNothingHeld();
  }

  @Test
  void anAttemptThatThrowsIsDeadLetteredOnceWithItsError() {
    DeliveryTask task = asyncTask(1, e -> {
      throw new IllegalStateException("listener bug");
    });

    dispatcher.submit(task, false);
    executor.runAll();

    assertThat(calls).containsExactly(1);
    assertThat(letters()).singleElement().satisfies(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
      assertThat(letter.errorMessage()).isEqualTo("listener bug");
      assertThat(letter.attempts()).isEqualTo(1);
    });
    assertNothingHeld();
  }

  @Test
  void aStageThatSucceedsLaterDeliversThenAndNotBefore() {
    CompletableFuture<Void> later = new CompletableFuture<>();
    DeliveryTask task = asyncTask(1, e -> later);

    dispatcher.submit(task, false);
    executor.runAll();

    assertThat(task.isFinished()).isFalse();
    assertThat(inFlight.snapshot()).as("waits where close finds it").containsExactly(task);
    assertThat(admission.depth()).isEqualTo(1);

    later.complete(null);

    assertThat(task.isFinished()).isTrue();
    assertThat(calls).containsExactly(1);
    assertThat(letters()).isEmpty();
    assertNothingHeld();
  }

  @Test
  void aStageThatFailsLaterIsDeadLetteredWithTheUnwrappedCause() {
    CompletableFuture<Void> later = new CompletableFuture<>();
    DeliveryTask task = asyncTask(1, e -> later.thenApply(ignored -> null));

    dispatcher.submit(task, false);
    executor.runAll();
    assertThat(letters()).isEmpty();

    later.completeExceptionally(new IllegalStateException("remote said no"));

    assertThat(letters()).singleElement().satisfies(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
      assertThat(letter.errorType()).isEqualTo(IllegalStateException.class.getName());
      assertThat(letter.errorMessage()).isEqualTo("remote said no");
    });
    assertNothingHeld();
  }

  @Test
  void aRetryRunsThroughTheExecutorAndItsSuccessIsTheOutcome() {
    RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), 0);
    boolean[] failed = {false};
    Subscriber flaky = subscriber("flaky", Delivery.ASYNC, twice, Duration.ZERO,
        recording(e -> {
          if (!failed[0]) {
            failed[0] = true;
            throw new IllegalStateException("first try");
          }
          return null;
        }));
    DeliveryTask task = new DeliveryTask(flaky, ping(1), null);

    dispatcher.submit(task, false);
    executor.runAll();
    assertThat(task.isFinished()).isFalse();
    assertThat(retries.delaysNanos).containsExactly(Duration.ofMillis(1).toNanos());
    // The retry's backoff over, the scheduler hands the attempt back to the executor.
    retries.elapseAll();
    assertThat(calls).as("not run on the scheduler's thread").containsExactly(1);
    executor.runAll();

    assertThat(calls).containsExactly(1, 1);
    assertThat(task.attempts).isEqualTo(2);
    assertThat(task.isFinished()).isTrue();
    assertThat(letters()).isEmpty();
    assertNothingHeld();
  }

  @Test
  void aTaskSettledAtShutdownWhileQueuedInItsLaneIsNotAttemptedAndTheLaneGoesOn() {
    OrderedLanes lanes = dispatcher.newLanes();
    Subscriber ordered = new Subscriber("ordered", 1, 0, Delivery.ORDERED, RetryPolicy.none(),
        Duration.ZERO, null, false, false, Set.of(Ping.class), List.of(), recording(e -> null),
        lanes, null);
    DeliveryTask first = new DeliveryTask(ordered, ping(1), null);
    DeliveryTask settled = new DeliveryTask(ordered, ping(2), null);
    DeliveryTask third = new DeliveryTask(ordered, ping(3), null);
    dispatcher.submit(first, false);
    dispatcher.submit(settled, false);
    dispatcher.submit(third, false);
    assertThat(executor.queued).as("one turn for the lane").hasSize(1);

    outcomes.finish(settled, DeadLetter.Reason.SHUTDOWN, null); // as close does
    executor.runAll();

    assertThat(calls).containsExactly(1, 3);
    assertThat(letters()).extracting(DeadLetter::reason)
        .containsExactly(DeadLetter.Reason.SHUTDOWN);
    assertThat(lanes.isIdle()).as("the lane's count is back to zero").isTrue();

    // The lane was freed once per task: the next task of the key starts a turn and runs.
    dispatcher.submit(new DeliveryTask(ordered, ping(4), null), false);
    assertThat(executor.queued).hasSize(1);
    executor.runAll();
    assertThat(calls).containsExactly(1, 3, 4);
    assertThat(lanes.isIdle()).isTrue();
  }

  @Test
  void aTaskSettledWhileItsLaneWaitsForAStageFreesTheLaneWhenTheStageCompletes() {
    OrderedLanes lanes = dispatcher.newLanes();
    CompletableFuture<Void> later = new CompletableFuture<>();
    Subscriber ordered = new Subscriber("ordered", 1, 0, Delivery.ORDERED, RetryPolicy.none(),
        Duration.ZERO, null, false, false, Set.of(Ping.class), List.of(),
        recording(e -> ((Ping) e.payload()).n() == 1 ? later : null), lanes, null);
    DeliveryTask waiting = new DeliveryTask(ordered, ping(1), null);
    DeliveryTask settled = new DeliveryTask(ordered, ping(2), null);
    DeliveryTask third = new DeliveryTask(ordered, ping(3), null);
    dispatcher.submit(waiting, false);
    dispatcher.submit(settled, false);
    dispatcher.submit(third, false);
    executor.runAll();
    assertThat(calls).as("the lane waits for the first task's stage").containsExactly(1);

    outcomes.finish(settled, DeadLetter.Reason.SHUTDOWN, null);
    later.complete(null); // frees the lane: a new turn
    executor.runAll();

    assertThat(calls).containsExactly(1, 3);
    assertThat(lanes.isIdle()).isTrue();
  }

  @Test
  void aDeliveryTheBacklogRefusesIsDeadLetteredWithoutAnAttempt() {
    for (int n = 1; n <= CAPACITY; n++) {
      dispatcher.submit(asyncTask(n, e -> null), false);
    }

    dispatcher.submit(asyncTask(CAPACITY + 1, e -> null), false);

    assertThat(letters()).singleElement().satisfies(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.BACKPRESSURE);
      assertThat(((Ping) letter.envelope().payload()).n()).isEqualTo(CAPACITY + 1);
    });
    executor.runAll();
    assertThat(calls).containsExactly(1, 2, 3, 4);
    assertNothingHeld();
  }

  @Test
  void anAttemptTheExecutorRefusesIsDeadLetteredAndFreesItsPlace() {
    executor.refusing = true;
    DeliveryTask task = asyncTask(1, e -> null);

    dispatcher.submit(task, false);

    assertThat(calls).isEmpty();
    assertThat(task.isFinished()).isTrue();
    assertThat(letters()).singleElement().satisfies(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.SHUTDOWN);
      assertThat(letter.errorType()).isEqualTo(RejectedExecutionException.class.getName());
    });
    assertNothingHeld();
  }

  @Test
  void anOrderedTaskWhoseLaneTheExecutorRefusesIsDeadLettered() {
    executor.refusing = true;
    OrderedLanes lanes = dispatcher.newLanes();
    Subscriber ordered = new Subscriber("ordered", 1, 0, Delivery.ORDERED, RetryPolicy.none(),
        Duration.ZERO, null, false, false, Set.of(Ping.class), List.of(), recording(e -> null),
        lanes, null);
    Envelope<?> envelope = ping(1);
    DeliveryTask task = new DeliveryTask(ordered, envelope, null);

    dispatcher.submit(task, false);

    assertThat(calls).isEmpty();
    assertThat(letters()).singleElement().satisfies(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.SHUTDOWN);
      assertThat(letter.envelope()).isSameAs(envelope);
    });
    assertThat(lanes.isIdle()).isTrue();
    assertNothingHeld();
  }
}
