package dev.herald.runtime.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.EventKey;
import dev.herald.runtime.events.DeliveryFailed;
import dev.herald.runtime.events.DeliveryFailedJsonCodec;
import dev.herald.runtime.events.EventType;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Keys of a generated EventMap look their codec and ordering-key accessor up on first use. The
 * runtime's own {@code herald:delivery:failed} contract stands in for a generated one.
 */
class KeyPartsTest {

  private static final DeliveryFailed FAILED =
      new DeliveryFailed("evt_1", "task:created", "audit", 1, 3, "IOException", "disk full", true);

  /** Counts its lookups: key 0 is ordered by event id, key 1 has no ordering key. */
  static final class CountingParts implements KeyParts {
    final AtomicInteger codecs = new AtomicInteger();
    final AtomicInteger accessors = new AtomicInteger();

    @Override
    public JsonCodec<?> codec(int index) {
      codecs.incrementAndGet();
      return switch (index) {
        case 0, 1 -> DeliveryFailedJsonCodec.INSTANCE;
        default -> throw noSuchKey(index);
      };
    }

    @Override
    public Function<?, ?> orderingKey(int index) {
      accessors.incrementAndGet();
      return switch (index) {
        case 0 -> (Function<DeliveryFailed, ?>) DeliveryFailed::eventId;
        case 1 -> null;
        default -> throw noSuchKey(index);
      };
    }
  }

  @Test
  void nothingIsLookedUpUntilFirstUseAndEachPartOnlyOnce() {
    CountingParts parts = new CountingParts();
    EventKey<DeliveryFailed> key = key(parts, 0);
    assertThat(parts.codecs).hasValue(0);
    assertThat(parts.accessors).hasValue(0);

    assertThat(key.fromJson(key.toJson(FAILED))).isEqualTo(FAILED);
    assertThat(key.codec()).isSameAs(DeliveryFailedJsonCodec.INSTANCE);
    assertThat(parts.codecs).hasValue(1);

    assertThat(key.hasOrderingKey()).isTrue();
    assertThat(key.orderingKeyOf(FAILED)).isEqualTo("evt_1");
    assertThat(parts.accessors).hasValue(1);
  }

  @Test
  void aKeyWithoutOrderingKeyIsOrderedByItselfAndLooksUpOnce() {
    CountingParts parts = new CountingParts();
    EventKey<DeliveryFailed> key = key(parts, 1);

    assertThat(key.hasOrderingKey()).isFalse();
    assertThat(key.orderingKeyOf(FAILED)).isSameAs(key);
    assertThat(key.orderingKeyOf(FAILED)).isSameAs(key);
    assertThat(parts.accessors).hasValue(1);
  }

  @Test
  void anUnknownKeyNumberIsNamedWhenFirstUsed() {
    EventKey<DeliveryFailed> key = key(new CountingParts(), 7);
    assertThatThrownBy(key::codec)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(CountingParts.class.getName() + " has no key number 7")
        .hasMessageContaining("rebuild the module");
  }

  private static EventKey<DeliveryFailed> key(KeyParts parts, int index) {
    return EventKey.of(EventType.HERALD_DELIVERY_FAILED, DeliveryFailed.class, parts, index);
  }
}
