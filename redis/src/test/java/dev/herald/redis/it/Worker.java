package dev.herald.redis.it;

import dev.herald.redis.RedisTransport;
import dev.herald.runtime.EventBus;
import dev.herald.testservers.HandledLog;
import dev.herald.testservers.WorkerProcesses;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A service instance in a JVM of its own, for the multi-process tests: a bus on Redis that handles
 * {@link Job}s, taking {@code handleMillis} each, and records each one it finished in a
 * {@link HandledLog}. It claims entries pending longer than {@code claimIdleMillis}.
 *
 * <p>Arguments: redis URI, namespace, group, consumer, handleMillis, handled file,
 * claimIdleMillis.
 */
public final class Worker {

  private Worker() {}

  public static void main(String[] args) throws Exception {
    String group = args[2];
    String consumer = args[3];
    long handleMillis = Long.parseLong(args[4]);
    HandledLog handled = new HandledLog(Path.of(args[5]));
    RedisTransport redis = RedisTransport.builder().uri(args[0]).namespace(args[1])
        .carries("job:*", "room:*").group(group).consumer(consumer).batchSize(10)
        .blockTime(Duration.ofMillis(200)).claimIdle(Duration.ofMillis(Long.parseLong(args[6])))
        .maxDeliveries(10).build();
    try (EventBus bus = EventBus.builder().source(group).transport(redis)
        .deadLetters(redis.deadLetters()).build()) {
      bus.subscribe(Job.class, job -> handled.handle(consumer, job.n(), handleMillis));
      bus.start();
      WorkerProcesses.serve();
    }
  }
}
