package dev.herald.redis.it;

import dev.herald.redis.RedisTransport;
import dev.herald.runtime.EventBus;
import java.time.Duration;

/**
 * Two or more of these on one Redis show a service's instances sharing its events: each publishes a
 * {@link Job} every half second, and every job is handled once, by whichever instance of the
 * {@code demo} group read it. Stop one with Ctrl-C (or kill -9) and the others take over its share,
 * including what it had read but not finished, after a few seconds.
 *
 * <p>Arguments: redis URI (default redis://127.0.0.1:6379), instance name (default the pid).
 */
public final class RedisDemo {

  private RedisDemo() {}

  public static void main(String[] args) throws Exception {
    String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
    String instance = args.length > 1 ? args[1] : Long.toString(ProcessHandle.current().pid());
    RedisTransport redis = RedisTransport.builder().uri(uri).namespace("herald-demo")
        .carries("job:*").consumer(instance).claimIdle(Duration.ofSeconds(5)).build();
    EventBus bus = EventBus.builder().source("demo").transport(redis)
        .deadLetters(redis.deadLetters()).build();
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      main.interrupt();
      bus.close();
    }));
    bus.subscribe(Job.class, job -> System.out.printf("%s handled job %d%n", instance, job.n()));
    bus.start();
    System.out.printf("%s consuming %s as %s in group %s (%s)%n", instance,
        redis.consumedStreams(), redis.consumer(), redis.group(), redis.health());
    int base = (int) (ProcessHandle.current().pid() % 1000) * 100_000;
    try {
      for (int n = 0; ; n++) {
        bus.publish(new Job(base + n));
        Thread.sleep(500);
      }
    } catch (InterruptedException stopping) {
      System.out.printf("%s stopping%n", instance);
    }
  }
}
