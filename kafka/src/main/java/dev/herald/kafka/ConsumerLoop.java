package dev.herald.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer thread: the only one that touches the {@link Consumer}. It polls the group's topics,
 * hands each record to the {@link Intake} in partition order (so the bus's ORDERED listeners see
 * each key's events in order), and commits, after each poll, the offsets after each partition's
 * settled prefix ({@link PartitionLedger}). With {@code maxInFlight} records unsettled it pauses
 * every partition, and resumes at half of that: back-pressure by not fetching, never by buffering.
 * When partitions are revoked it waits (up to {@code closeTimeout}) for their records to settle
 * and commits them synchronously before the group hands them on; lost partitions are dropped
 * without a commit. Closing does the same for every partition.
 */
final class ConsumerLoop implements Runnable {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(KafkaTransport.class);

  private final TransportSettings settings;
  private final Consumer<byte[], byte[]> consumer;
  private final List<String> topics;
  private final Intake intake;
  private final InFlight inFlight;
  private final Map<TopicPartition, PartitionLedger> ledgers = new HashMap<>();
  private final AtomicReference<String> problem = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  ConsumerLoop(TransportSettings settings, Consumer<byte[], byte[]> consumer, List<String> topics,
      Intake intake, InFlight inFlight, String name) {
    this.settings = settings;
    this.consumer = consumer;
    this.topics = topics;
    this.intake = intake;
    this.inFlight = inFlight;
    this.thread = new Thread(this, name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Why the last poll or commit failed, or null since it last succeeded. */
  String problem() {
    return problem.get();
  }

  /** Stops polling, settles and commits what it can within closeTimeout, closes the consumer. */
  void stop() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(settings.closeTimeout.toMillis() + 10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.error("KafkaTransport consumer thread {} did not stop; its uncommitted records are"
          + " delivered again to the group", thread.getName());
    }
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(topics, new Rebalance());
      while (running) {
        pollOnce();
      }
    } catch (WakeupException stopping) {
      // stop() woke the poll up
    } catch (RuntimeException e) {
      log.error("KafkaTransport consumer thread {} failed; it stops consuming", thread.getName(),
          e);
      problem.set("the consumer thread failed: " + e);
    } finally {
      closeConsumer();
    }
  }

  private void pollOnce() {
    applyBackpressure();
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = consumer.poll(settings.pollTimeout);
      problem.set(null);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      problem.set("poll failed: " + e);
      log.warn("KafkaTransport poll failed: {}; polling again", e.toString());
      return;
    }
    for (TopicPartition partition : records.partitions()) {
      PartitionLedger ledger = ledgers.computeIfAbsent(partition, p -> new PartitionLedger());
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        intake.deliver(record, ledger.track(record.offset()));
      }
    }
    applyBackpressure();
    commitAsync();
  }

  private void applyBackpressure() {
    int count = inFlight.count();
    if (count >= settings.maxInFlight) {
      consumer.pause(consumer.assignment());
    } else if (count <= settings.maxInFlight / 2 && !consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private void commitAsync() {
    Map<TopicPartition, OffsetAndMetadata> offsets = committable(ledgers.keySet());
    if (!offsets.isEmpty()) {
      consumer.commitAsync(offsets, (committed, error) -> {
        if (error != null) {
          problem.set("commit failed: " + error);
          log.warn("KafkaTransport could not commit {}: {}; the next commit covers them",
              committed, error.toString());
        }
      });
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> committable(
      Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      PartitionLedger ledger = ledgers.get(partition);
      long offset = ledger == null ? -1 : ledger.takeCommittable();
      if (offset >= 0) {
        offsets.put(partition, new OffsetAndMetadata(offset));
      }
    }
    return offsets;
  }

  /** Waits for these partitions' records to settle, up to closeTimeout, and commits them. */
  private void settleAndCommit(Collection<TopicPartition> partitions, String why) {
    boolean settled = inFlight.await(() -> allSettled(partitions), settings.closeTimeout);
    if (!settled) {
      log.warn("KafkaTransport {}: records of {} did not settle within {}; they are delivered"
          + " again to the group", why, partitions, settings.closeTimeout);
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = committable(partitions);
    if (!offsets.isEmpty()) {
      try {
        commitSync(offsets);
      } catch (KafkaException e) {
        log.warn("KafkaTransport {}: could not commit {}: {}; those records are delivered again",
            why, offsets, e.toString());
      }
    }
  }

  private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      consumer.commitSync(offsets, settings.closeTimeout);
    } catch (WakeupException stopping) {
      consumer.commitSync(offsets, settings.closeTimeout); // stop() woke a call that was not a poll
    }
  }

  private boolean allSettled(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      PartitionLedger ledger = ledgers.get(partition);
      if (ledger != null && !ledger.allSettled()) {
        return false;
      }
    }
    return true;
  }

  private void closeConsumer() {
    try {
      settleAndCommit(List.copyOf(ledgers.keySet()), "closing");
    } catch (RuntimeException e) {
      log.warn("KafkaTransport could not commit while closing: {}", e.toString());
    }
    ledgers.clear();
    try {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(
          settings.closeTimeout));
    } catch (RuntimeException e) {
      log.warn("KafkaTransport could not close its consumer cleanly: {}", e.toString());
    }
  }

  /** Commits what settled before the group takes partitions away. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        settleAndCommit(partitions, "partitions revoked");
        partitions.forEach(ledgers::remove);
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        ledgers.put(partition, new PartitionLedger());
      }
      log.debug("KafkaTransport assigned {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      log.warn("KafkaTransport lost {} (its session expired); their uncommitted records are"
          + " delivered again to the group", partitions);
      partitions.forEach(ledgers::remove);
    }
  }
}
