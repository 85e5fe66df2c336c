package dev.herald.it.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.it.contracts.Alarm;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.it.contracts.RoomBooked;
import dev.herald.it.contracts.TaskCreated;
import dev.herald.it.contracts.TaskDone;
import dev.herald.it.contracts.TaskEvent;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.test.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What an {@link EventRecorder} records and how it is queried. */
@Timeout(30)
class EventRecorderTest {

  private final EventBus bus = EventBus.builder().source("test").build();
  private final EventRecorder recorder = EventRecorder.attach(bus);

  @AfterEach
  void close() {
    recorder.close();
    bus.close();
  }

  @Test
  void recordsEveryEventInPublishOrderIncludingThoseListenersPublish() {
    bus.subscribe(Ping.class, p -> bus.publish(new Pong(p.n())));

    bus.publish(new Ping(1));
    bus.publish(new Ping(2));

    assertThat(recorder.envelopes()).extracting(e -> e.type() + " " + e.payload())
        .containsExactly("test:ping Ping[n=1]", "test:pong Pong[n=1]", "test:ping Ping[n=2]",
            "test:pong Pong[n=2]");
  }

  @Test
  void recordsBeforeOtherSyncListenersRun() {
    List<Integer> recordedWhenHeard = new ArrayList<>();
    bus.subscribe(Ping.class, p -> recordedWhenHeard.add(recorder.envelopes().size()),
        SubscribeOptions.defaults().priority(1_000));

    bus.publish(new Ping(1));

    assertThat(recordedWhenHeard).containsExactly(1);
  }

  @Test
  void recordsTheBusesOwnEventsToo() {
    bus.subscribe(Ping.class, p -> {
      throw new IllegalStateException("boom");
    }, SubscribeOptions.named("broken").maxAttempts(1));

    bus.publish(new Ping(1));

    recorder.assertPublished(dev.herald.runtime.events.EventMap.HERALD_DELIVERY_FAILED,
        failed -> failed.subscriber().equals("broken") && !failed.willRetry());
    assertThat(recorder.matching("herald:#")).extracting(Envelope::type)
        .containsExactly("herald:delivery:failed", "herald:delivery:dead-lettered");
  }

  @Test
  void queriesByKeyByTypeAndBySealedInterface() {
    bus.publish(new TaskCreated("t1", "Towels"));
    bus.publish(new Ping(1));
    bus.publish(new TaskDone("t1"));
    bus.publish(new TaskCreated("t2", "Pillows"));

    assertThat(recorder.payloads(EventMap.TASK_CREATED))
        .containsExactly(new TaskCreated("t1", "Towels"), new TaskCreated("t2", "Pillows"));
    assertThat(recorder.envelopes(EventMap.TASK_DONE)).singleElement()
        .satisfies(e -> assertThat(e.payload().taskId()).isEqualTo("t1"));
    assertThat(recorder.payloads(Ping.class)).containsExactly(new Ping(1));
    assertThat(recorder.payloads(TaskEvent.class)).extracting(TaskEvent::taskId)
        .containsExactly("t1", "t1", "t2");
    assertThat(recorder.payloads(EventMap.ROOM_BOOKED)).isEmpty();
  }

  @Test
  void queriesByPatternAndByCorrelationId() {
    bus.subscribe(Ping.class, p -> bus.publish(new Pong(p.n())));
    bus.publish(new Ping(1), Metadata.builder().correlationId("req-1").build());
    bus.publish(new Ping(2), Metadata.builder().correlationId("req-2").build());
    bus.publish(new TaskDone("t1"), Metadata.builder().correlationId("req-1").build());

    assertThat(recorder.matching("test:*")).extracting(e -> e.payload().toString())
        .containsExactly("Ping[n=1]", "Pong[n=1]", "Ping[n=2]", "Pong[n=2]");
    assertThat(recorder.matching("task.done")).hasSize(1);
    assertThat(recorder.correlatedWith("req-1")).extracting(Envelope::type)
        .containsExactly("test:ping", "test:pong", "task:done");
    assertThat(recorder.correlatedWith("nobody")).isEmpty();
    assertThatThrownBy(() -> recorder.matching("Not A Pattern"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRecorderWithAPatternRecordsOnlyWhatMatches() {
    try (EventRecorder tasks = EventRecorder.attach(bus, "task:*")) {
      bus.publish(new Ping(1));
      bus.publish(new TaskDone("t1"));

      assertThat(tasks.envelopes()).extracting(Envelope::type).containsExactly("task:done");
    }
  }

  @Test
  void clearForgetsWhatWasRecordedAndKeepsRecording() {
    bus.publish(new Ping(1));
    recorder.clear();
    bus.publish(new Ping(2));

    assertThat(recorder.payloads(EventMap.TEST_PING)).containsExactly(new Ping(2));
  }

  @Test
  void closingDetachesFromTheBusAndKeepsWhatWasRecorded() {
    bus.publish(new Alarm("smoke"));
    recorder.close();
    bus.publish(new Ping(2));
    bus.publish(new Alarm("fire"));

    assertThat(recorder.isRecording()).isFalse();
    assertThat(recorder.payloads(Alarm.class)).containsExactly(new Alarm("smoke"));
    // The recorder is an observer: it heard the first alarm, but both had nobody to handle them.
    assertThat(bus.deadLetters().list(DeadLetterQuery.all()))
        .extracting(l -> l.envelope().payload(), DeadLetter::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(new Alarm("smoke"), DeadLetter.Reason.NO_SUBSCRIBER),
            org.assertj.core.groups.Tuple.tuple(new Alarm("fire"), DeadLetter.Reason.NO_SUBSCRIBER));
  }

  @Test
  void recordsEveryEventPublishedFromManyThreadsAtOnce() throws Exception {
    int threads = 8;
    int perThread = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String room = "room-" + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            bus.publish(new RoomBooked(room, i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<RoomBooked> booked = recorder.payloads(EventMap.ROOM_BOOKED);
    assertThat(booked).hasSize(threads * perThread).doesNotHaveDuplicates();
    for (int t = 0; t < threads; t++) {
      String room = "room-" + t;
      assertThat(booked.stream().filter(b -> b.roomId().equals(room)).map(RoomBooked::sequence))
          .as("bookings of %s in publish order", room).isSorted().hasSize(perThread);
    }
  }

  @Test
  void describesItself() {
    bus.publish(new Ping(1));
    assertThat(recorder).hasToString("EventRecorder[1 event]");
    recorder.close();
    assertThat(recorder).hasToString("EventRecorder[1 event, closed]");
  }
}
