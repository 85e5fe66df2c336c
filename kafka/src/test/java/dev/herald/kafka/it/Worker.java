package dev.herald.kafka.it;

import dev.herald.kafka.KafkaTransport;
import dev.herald.runtime.EventBus;
import dev.herald.testservers.HandledLog;
import dev.herald.testservers.WorkerProcesses;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A service instance in a JVM of its own, for the multi-process tests: a bus on Kafka that handles
 * {@link Job}s, taking {@code handleMillis} each, and records each one it finished in a
 * {@link HandledLog}. Kafka moves a dead instance's partitions after its session timeout, 3
 * seconds here, whatever the test asks.
 *
 * <p>Arguments: bootstrap servers, topic prefix, group, instance, handleMillis, handled file.
 */
public final class Worker {

  private Worker() {}

  public static void main(String[] args) throws Exception {
    String group = args[2];
    String instance = args[3];
    long handleMillis = Long.parseLong(args[4]);
    HandledLog handled = new HandledLog(Path.of(args[5]));
    KafkaTransport kafka = KafkaTransport.builder().bootstrapServers(args[0]).topicPrefix(args[1])
        .carries("job:*").group(group).clientId(instance).batchSize(10).maxInFlight(20)
        .startFromEarliest(true).consumerProperty("session.timeout.ms", 3000)
        .consumerProperty("heartbeat.interval.ms", 500).closeTimeout(Duration.ofSeconds(5))
        .build();
    try (EventBus bus = EventBus.builder().source(group).transport(kafka)
        .deadLetters(kafka.deadLetters()).build()) {
      bus.subscribe(Job.class, job -> handled.handle(instance, job.n(), handleMillis));
      bus.start();
      WorkerProcesses.serve();
    }
  }
}
