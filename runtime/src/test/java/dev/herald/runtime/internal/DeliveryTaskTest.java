package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A delivery's outcome is claimed once, and its ORDERED lane is freed once, whoever comes second. */
class DeliveryTaskTest {

  @Test
  void theOutcomeIsClaimedOnce() {
    DeliveryTask task = new DeliveryTask(null, null, null);
    assertThat(task.isFinished()).isFalse();
    assertThat(task.finish()).isTrue();
    assertThat(task.finish()).isFalse();
    assertThat(task.isFinished()).isTrue();
  }

  @Test
  void theLaneIsFreedOnceByTheOutcomeOrByAnAttemptThatFindsItSettled() {
    AtomicInteger freed = new AtomicInteger();
    DeliveryTask task = new DeliveryTask(null, null, null);
    task.holdLane(freed::incrementAndGet);
    task.releaseLane(); // the outcome
    task.releaseLane(); // an attempt that found the task finished
    assertThat(freed).hasValue(1);
  }

  @Test
  void aTaskSettledWhileQueuedFreesItsLaneWhenItsTurnComes() {
    AtomicInteger freed = new AtomicInteger();
    DeliveryTask task = new DeliveryTask(null, null, null);
    task.finish();
    task.releaseLane(); // shutdown settled it before its lane reached it: nothing to free yet
    assertThat(freed).hasValue(0);
    task.holdLane(freed::incrementAndGet); // its turn comes, and the attempt finds it finished
    task.releaseLane();
    assertThat(freed).hasValue(1);
  }
}
