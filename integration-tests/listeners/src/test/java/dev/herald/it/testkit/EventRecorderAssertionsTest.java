package dev.herald.it.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.TaskCreated;
import dev.herald.it.contracts.TaskDone;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.test.EventRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link EventRecorder}'s assertions, and the messages they fail with. */
class EventRecorderAssertionsTest {

  private final EventBus bus = EventBus.builder().source("test").build();
  private final EventRecorder recorder = EventRecorder.attach(bus);

  @AfterEach
  void close() {
    recorder.close();
    bus.close();
  }

  @Test
  void passingAssertionsChain() {
    bus.publish(new TaskCreated("t1", "Towels"));
    bus.publish(new TaskCreated("t2", "Pillows"));

    EventRecorder same = recorder.assertPublished(EventMap.TASK_CREATED)
        .assertPublished(EventMap.TASK_CREATED, t -> t.title().equals("Pillows"))
        .assertPublished("task:*")
        .assertPublishedTimes(EventMap.TASK_CREATED, 2)
        .assertPublishedTimes(EventMap.TASK_DONE, 0)
        .assertNotPublished(EventMap.TASK_DONE)
        .assertNotPublished(EventMap.TASK_CREATED, t -> t.title().equals("Soap"))
        .assertNotPublished("room:*");

    assertThat(same).isSameAs(recorder);
  }

  @Test
  void aMissingEventFailsWithTheListOfWhatWasPublished() {
    bus.publish(new Ping(1), Metadata.builder().correlationId("req-1").tenant("acme").build());
    bus.publish(new TaskDone("t1"));

    assertThatThrownBy(() -> recorder.assertPublished(EventMap.TASK_CREATED))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Expected task:created to be published, but it was not; 2 events were published:
              1. test:ping Ping[n=1] correlation req-1 tenant acme
              2. task:done TaskDone[taskId=t1]""");
  }

  @Test
  void whenNothingWasPublishedTheMessageSaysSo() {
    assertThatThrownBy(() -> recorder.assertPublished("task:*"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expected an event matching \"task:*\" to be published, but none was;"
            + " nothing was published.");
  }

  @Test
  void aPredicateNoEventMatchesFailsSayingHowManyWereLookedAt() {
    bus.subscribe(TaskCreated.class, task -> { }); // critical: someone must hear it
    bus.publish(new TaskCreated("t1", "Towels"));
    bus.publish(new TaskCreated("t2", "Pillows"));

    assertThatThrownBy(() -> recorder.assertPublished(EventMap.TASK_CREATED,
        t -> t.title().equals("Soap")))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Expected task:created matching the condition to be published, but none of the 2 \
            published matched; 2 events were published:
              1. task:created TaskCreated[taskId=t1, title=Towels]
              2. task:created TaskCreated[taskId=t2, title=Pillows]""");
  }

  @Test
  void aWrongCountFailsWithBothCounts() {
    bus.subscribe(TaskCreated.class, task -> { }); // critical: someone must hear it
    bus.publish(new TaskCreated("t1", "Towels"));

    assertThatThrownBy(() -> recorder.assertPublishedTimes(EventMap.TASK_CREATED, 2))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected task:created to be published 2 times, but it was"
            + " published 1 time; 1 event was published:\n  1. task:created");
  }

  @Test
  void anUnwantedEventFailsListingTheOffendingOnes() {
    bus.publish(new Ping(1));
    bus.publish(new TaskDone("t1"));
    bus.publish(new TaskDone("t2"));

    assertThatThrownBy(() -> recorder.assertNotPublished(EventMap.TASK_DONE))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Expected task:done not to be published, but it was published 2 times:
              1. task:done TaskDone[taskId=t1]
              2. task:done TaskDone[taskId=t2]""");
    assertThatThrownBy(() -> recorder.assertNotPublished(EventMap.TASK_DONE,
        t -> t.taskId().equals("t2")))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Expected no task:done matching the condition to be published, but 1 event matched:
              1. task:done TaskDone[taskId=t2]""");
    assertThatThrownBy(() -> recorder.assertNotPublished("test:#"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Expected no event matching "test:#" to be published, but 1 event matched:
              1. test:ping Ping[n=1]""");
  }

  @Test
  void longListingsAreCut() {
    for (int i = 0; i < 60; i++) {
      bus.publish(new Ping(i));
    }

    assertThatThrownBy(() -> recorder.assertPublished(EventMap.TASK_DONE))
        .hasMessageContaining("60 events were published:")
        .hasMessageContaining("\n  50. test:ping Ping[n=49]\n  ... and 10 more")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Ping[n=50]"));
  }

  /** A payload whose contract says logPayload = false, keyed by hand like generated code does. */
  record Secret(String password) {}

  @Test
  void payloadsThatMustNotBeLoggedAreHidden() {
    EventKey<Secret> secret = EventKey.of(new SecretDescriptor(), Secret.class,
        new JsonCodec<Secret>() {
          @Override
          public void write(JsonGenerator generator, Secret value) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Secret read(JsonParser parser) {
            throw new UnsupportedOperationException();
          }
        }, null);
    bus.publish(secret, new Secret("hunter2"));

    assertThatThrownBy(() -> recorder.assertNotPublished(secret))
        .hasMessage("""
            Expected secret:shared not to be published, but it was published 1 time:
              1. secret:shared (payload hidden: logPayload = false)""");
  }

  private static final class SecretDescriptor implements EventDescriptor {
    @Override
    public String eventName() {
      return "secret:shared";
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public Class<?> payloadType() {
      return Secret.class;
    }

    @Override
    public boolean critical() {
      return false;
    }

    @Override
    public boolean persist() {
      return false;
    }

    @Override
    public boolean logPayload() {
      return false;
    }

    @Override
    public String description() {
      return "";
    }

    @Override
    public EventKey<?> key() {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void aNegativeCountIsAMistakeNotAFailure() {
    assertThatThrownBy(() -> recorder.assertPublishedTimes(EventMap.TEST_PING, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
