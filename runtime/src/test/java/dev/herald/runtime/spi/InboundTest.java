package dev.herald.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class InboundTest {

  @Test
  void whatDeliverThrowsComesBackAsAFailedStage() {
    IllegalStateException refused = new IllegalStateException("the bus is closed");
    Transport.Inbound inbound = new Transport.Inbound() {
      @Override
      public String source() {
        return "billing";
      }

      @Override
      public List<EventKey<?>> events() {
        return List.of();
      }

      @Override
      public CompletionStage<DeliveryOutcome> deliver(Envelope<?> envelope) {
        throw refused;
      }
    };

    CompletionStage<DeliveryOutcome> outcome = inbound.deliverSafely(null);

    assertThat(outcome.toCompletableFuture()).isCompletedExceptionally();
    assertThat(outcome.toCompletableFuture().handle((ok, error) -> error).join())
        .isSameAs(refused);
  }
}
