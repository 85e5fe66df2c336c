package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.redis.it.Job;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.TransportException;
import dev.herald.runtime.observability.Health;
import dev.herald.testservers.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis goes away (killed, losing its data, as without persistence) and comes back on the same port:
 * publishing fails fast or buffers, health says DOWN then UP, consumers reconnect and recreate their
 * groups.
 */
@Timeout(120)
class ConnectionLossTest {

  @RegisterExtension static final RedisServer redis = new RedisServer();

  private final List<EventBus> buses = new ArrayList<>();
  private final List<Integer> heard = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    buses.forEach(bus -> bus.close(Duration.ofSeconds(10)));
    redis.stop();
    redis.start();
  }

  private RedisTransport start(UnaryOperator<RedisTransport.Builder> options) {
    RedisTransport transport = options.apply(RedisTransport.builder().uri(redis.uri())
        .namespace("loss" + System.nanoTime()).carries("job:*").blockTime(Duration.ofMillis(100))
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .publishTimeout(Duration.ofSeconds(1))
        // The restarted Redis is empty: the recreated group must see what came before it.
        .startFromEarliest(true)).build();
    EventBus bus = EventBus.builder().source("billing").transport(transport).build();
    buses.add(bus);
    bus.subscribe(Job.class, job -> heard.add(job.n()));
    bus.start();
    return transport;
  }

  @Test
  void publishingFailsFastWhileRedisIsAwayAndConsumersComeBackWithIt() throws Exception {
    RedisTransport transport = start(b -> b);
    EventBus bus = buses.get(0);
    bus.publish(new Job(1));
    Await.until(() -> heard.contains(1), Duration.ofSeconds(10), () -> "heard " + heard);
    assertThat(transport.connectionState().status()).isEqualTo(RedisHealth.Status.UP);

    redis.stop();
    Await.until(() -> !transport.connectionState().isUp(), Duration.ofSeconds(10),
        () -> "health " + transport.connectionState());
    long before = System.nanoTime();
    assertThatThrownBy(() -> bus.publish(new Job(2))).isInstanceOf(TransportException.class)
        .hasMessageContaining("job:queued").hasMessageContaining("127.0.0.1:" + redis.port())
        .hasMessageContaining("ConnectionLoss.buffer");
    // Lettuce queues commands while disconnected, so this may take the whole publishTimeout (1 s),
    // and more on a loaded machine; 10 s still catches a publish left to Lettuce's 60 s default.
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    assertThat(transport.connectionState().status()).isEqualTo(RedisHealth.Status.DOWN);
    assertThat(transport.connectionState().reason()).isNotBlank();
    Health down = bus.health();
    assertThat(down.status()).isEqualTo(Health.Status.DOWN);
    assertThat(down.components().get("transport").reason()).startsWith("Redis does not answer");

    redis.start();
    Await.until(() -> transport.connectionState().isUp(), Duration.ofSeconds(20),
        () -> "health " + transport.connectionState());
    Await.until(() -> {
      try {
        bus.publish(new Job(3));
        return true;
      } catch (TransportException stillReconnecting) {
        return false;
      }
    }, Duration.ofSeconds(20), () -> "publishing never worked again: " + transport.connectionState());
    Await.until(() -> heard.contains(3), Duration.ofSeconds(20), () -> "heard " + heard);
    assertThat(heard).doesNotContain(2);
    assertThat(bus.health().components().get("transport").status()).isEqualTo(Health.Status.UP);
  }

  @Test
  void publishingBuffersWithABoundAndSendsInOrderWhenRedisIsBack() throws Exception {
    RedisTransport transport = start(b -> b.connectionLoss(ConnectionLoss.buffer(10)));
    EventBus bus = buses.get(0);
    bus.publish(new Job(1));
    Await.until(() -> heard.contains(1), Duration.ofSeconds(10), () -> "heard " + heard);

    redis.stop();
    Await.until(() -> !transport.connectionState().isUp(), Duration.ofSeconds(10),
        () -> "health " + transport.connectionState());
    for (int n = 2; n <= 11; n++) {
      bus.publish(new Job(n)); // buffered
    }
    assertThat(transport.connectionState().buffered()).isEqualTo(10);
    assertThatThrownBy(() -> bus.publish(new Job(12))).isInstanceOf(TransportException.class)
        .hasMessageContaining("buffer is full");

    redis.start();
    Await.until(() -> heard.size() == 11, Duration.ofSeconds(30), () -> "heard " + heard);
    assertThat(heard).as("buffered envelopes are sent in publish order")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 11).boxed().toList());
    assertThat(transport.connectionState().buffered()).isZero();
    assertThat(transport.connectionState().isUp()).isTrue();
  }
}
