package dev.herald.test;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One test's bus and recorder, and the check that ends them: {@link #finish} waits for the bus to
 * become idle, closes it, and tells what the test left behind. Free of JUnit types.
 */
final class TestBus {

  private final EventBus bus;
  private final EventRecorder recorder;
  /** Letters the store held before the test, when the builder was given a store that outlives it. */
  private final long lettersBefore;

  private TestBus(EventBus bus) {
    this.bus = bus;
    this.lettersBefore = bus.deadLetters().count(DeadLetterQuery.all());
    this.recorder = EventRecorder.attach(bus);
  }

  static TestBus start(EventBus bus) {
    return new TestBus(bus);
  }

  EventBus bus() {
    return bus;
  }

  EventRecorder recorder() {
    return recorder;
  }

  /**
   * Waits up to {@code idleTimeout} for asynchronous deliveries and retries, closes the bus, and
   * returns what is wrong: deliveries still unfinished (which closing dead-letters), and, unless
   * {@code deadLettersAllowed}, the dead letters the test produced. An empty list means all is well.
   */
  List<String> finish(Duration idleTimeout, boolean deadLettersAllowed) {
    List<String> problems = new ArrayList<>();
    try {
      bus.awaitIdle(idleTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<DeadLetter> produced = newLetters();
    // Closing dead-letters whatever is still unfinished, as SHUTDOWN letters.
    if (!bus.close(Duration.ZERO)) {
      List<DeadLetter> unfinished = newLetters();
      unfinished.removeIf(letter -> letter.reason() != DeadLetter.Reason.SHUTDOWN
          || produced.stream().anyMatch(p -> p.id().equals(letter.id())));
      problems.add("EventBus '" + bus.source() + "' still had deliveries queued or running "
          + Report.duration(idleTimeout) + " after the test; they were dead-lettered when the bus"
          + " closed:" + Report.letters(unfinished) + "\nA listener is stuck, or the test ended"
          + " before the asynchronous work it started: await it with EventRecorder.await(...), or"
          + " give it more time with HeraldExtension.idleTimeout(...).");
    }
    if (!deadLettersAllowed && !produced.isEmpty()) {
      problems.add("The test produced " + (produced.size() == 1 ? "a dead letter" : produced.size()
          + " dead letters") + " on EventBus '" + bus.source() + "':" + Report.letters(produced)
          + "\nIf the test expects them, annotate it with @AllowDeadLetters, or build the"
          + " extension with HeraldExtension.withBus(...).allowDeadLetters().");
    }
    return problems;
  }

  /** The letters added since the test started, oldest first. */
  private List<DeadLetter> newLetters() {
    DeadLetterStore store = bus.deadLetters();
    List<DeadLetter> letters = new ArrayList<>();
    int page = DeadLetterQuery.DEFAULT_LIMIT;
    for (long offset = lettersBefore; ; offset += page) {
      List<DeadLetter> next = store.list(DeadLetterQuery.all().offset((int) offset).limit(page));
      letters.addAll(next);
      if (next.size() < page) {
        return letters;
      }
    }
  }
}
