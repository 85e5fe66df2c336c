package dev.herald.kafka.it;

import dev.herald.kafka.KafkaTransport;
import dev.herald.runtime.EventBus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A service instance in a JVM of its own, for the multi-process tests: a bus on Kafka that handles
 * {@link Job}s, taking {@code handleMillis} each, and appends each one it finished to the file
 * {@code handled} as a line {@code <instance>:<n>} (one write each, so a SIGKILL loses no line).
 * Prints {@code READY} once it consumes; closes gracefully when its standard input ends (or dies
 * when killed).
 *
 * <p>Arguments: bootstrap servers, topic prefix, group, instance, handleMillis, handled file.
 */
public final class Worker {

  private Worker() {}

  public static void main(String[] args) throws Exception {
    String servers = args[0];
    String prefix = args[1];
    String group = args[2];
    String instance = args[3];
    long handleMillis = Long.parseLong(args[4]);
    Path handled = Path.of(args[5]);
    KafkaTransport kafka = KafkaTransport.builder().bootstrapServers(servers).topicPrefix(prefix)
        .carries("job:*").group(group).clientId(instance).batchSize(10).maxInFlight(20)
        .startFromEarliest(true).consumerProperty("session.timeout.ms", 3000)
        .consumerProperty("heartbeat.interval.ms", 500).closeTimeout(Duration.ofSeconds(5))
        .build();
    try (EventBus bus = EventBus.builder().source(group).transport(kafka)
        .deadLetters(kafka.deadLetters()).build()) {
      bus.subscribe(Job.class, job -> {
        try {
          Thread.sleep(handleMillis);
          Files.write(handled, (instance + ":" + job.n() + "\n").getBytes(StandardCharsets.UTF_8),
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      bus.start();
      System.out.println("READY");
      System.out.flush();
      while (System.in.read() != -1) {
        // runs until the test closes our standard input
      }
    }
  }
}
