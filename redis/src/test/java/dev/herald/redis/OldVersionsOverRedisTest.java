package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.redis.it.Invoices.InvoiceIssued;
import dev.herald.redis.it.Invoices.InvoiceIssuedV1;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.testservers.Await;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service that still publishes version 1 of an event, and one that listens to version 3, on one
 * real redis-server: the consumer decodes the version 1 entry and upcasts it, through the
 * {@code @Upcast} method and the generated copy, before its listener sees it.
 */
@Timeout(60)
class OldVersionsOverRedisTest {

  @RegisterExtension static final RedisServer redis = new RedisServer();

  private final List<EventBus> buses = new ArrayList<>();
  private final String namespace = "versions-" + System.nanoTime();

  @AfterEach
  void close() {
    buses.forEach(bus -> bus.close(Duration.ofSeconds(10)));
  }

  private EventBus bus(String service, boolean consumes) {
    RedisTransport.Builder builder = RedisTransport.builder().uri(redis.uri())
        .namespace(namespace).carries("invoice:*").blockTime(Duration.ofMillis(100));
    RedisTransport transport = (consumes ? builder : builder.consumes()).build();
    EventBus bus = EventBus.builder().source(service).transport(transport)
        .deadLetters(transport.deadLetters()).build();
    buses.add(bus);
    return bus;
  }

  @Test
  void aVersion1EntryReachesTheVersion3Listener() {
    EventBus billing = bus("billing", true);
    EventBus legacy = bus("legacy-shop", false);
    List<Envelope<?>> heard = new CopyOnWriteArrayList<>();
    billing.subscribe("invoice:issued", heard::add);
    billing.start();
    legacy.start();

    legacy.publish(new InvoiceIssuedV1("inv-7", 990));

    Await.until(() -> !heard.isEmpty(), Duration.ofSeconds(20), () -> "billing heard nothing");
    Envelope<?> envelope = heard.get(0);
    assertThat(envelope.payload())
        .isEqualTo(new InvoiceIssued("inv-7", 990, "EUR", Optional.empty(), 30));
    assertThat(envelope.version()).isEqualTo(3);
    assertThat(envelope.source()).isEqualTo("legacy-shop");
    StreamMessage<String, String> entry = redis.commands().xrange(
        namespace + ":stream:invoice:issued", Range.create("-", "+"), Limit.from(1)).get(0);
    assertThat(entry.getBody().get("event")).as("the stream keeps what the old service wrote")
        .contains("\"eventversion\":1")
        .contains("\"data\":{\"invoiceId\":\"inv-7\",\"cents\":990}");
  }
}
