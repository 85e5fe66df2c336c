package dev.herald.redis.it;

import dev.herald.redis.RedisTransport;
import dev.herald.runtime.EventBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * A service instance in a JVM of its own, for the multi-process tests: a bus on Redis that handles
 * {@link Job}s, taking {@code handleMillis} each, and records each one it finished in the Redis
 * list {@code <namespace>:handled:<group>} as {@code <consumer>:<n>}. It claims entries pending
 * longer than {@code claimIdleMillis}. Prints {@code READY} once it consumes; closes gracefully
 * when its standard input ends (or dies when killed).
 *
 * <p>Arguments: redis URI, namespace, group, consumer, handleMillis, claimIdleMillis.
 */
public final class Worker {

  private Worker() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String namespace = args[1];
    String group = args[2];
    String consumer = args[3];
    long handleMillis = Long.parseLong(args[4]);
    Duration claimIdle = Duration.ofMillis(Long.parseLong(args[5]));
    RedisClient recorderClient = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> recorder = recorderClient.connect()) {
      RedisCommands<String, String> record = recorder.sync();
      String handled = namespace + ":handled:" + group;
      RedisTransport redis = RedisTransport.builder().uri(uri).namespace(namespace)
          .carries("job:*", "room:*").group(group).consumer(consumer).batchSize(10)
          .blockTime(Duration.ofMillis(200)).claimIdle(claimIdle).maxDeliveries(10)
          .build();
      try (EventBus bus = EventBus.builder().source(group).transport(redis)
          .deadLetters(redis.deadLetters()).build()) {
        bus.subscribe(Job.class, job -> {
          try {
            Thread.sleep(handleMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
          }
          record.rpush(handled, consumer + ":" + job.n());
        });
        bus.start();
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() != -1) {
          // runs until the test closes our standard input
        }
      }
    } finally {
      recorderClient.shutdown();
    }
  }
}
