package dev.herald.runtime.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Keys of a generated EventMap look their codec and ordering-key accessor up on first use. */
class KeyPartsTest {

  record Booked(String room, int nights) {}

  /** Counts its lookups: key 0 is ordered by room, key 1 has no ordering key. */
  static final class CountingParts implements KeyParts {
    final AtomicInteger codecs = new AtomicInteger();
    final AtomicInteger accessors = new AtomicInteger();

    @Override
    public JsonCodec<?> codec(int index) {
      codecs.incrementAndGet();
      return switch (index) {
        case 0, 1 -> BookedCodec.INSTANCE;
        default -> throw noSuchKey(index);
      };
    }

    @Override
    public Function<?, ?> orderingKey(int index) {
      accessors.incrementAndGet();
      return switch (index) {
        case 0 -> (Function<Booked, ?>) Booked::room;
        case 1 -> null;
        default -> throw noSuchKey(index);
      };
    }
  }

  @Test
  void nothingIsLookedUpUntilFirstUseAndEachPartOnlyOnce() {
    CountingParts parts = new CountingParts();
    EventKey<Booked> key = EventKey.of(new BookedDescriptor(), Booked.class, parts, 0);
    assertThat(parts.codecs).hasValue(0);
    assertThat(parts.accessors).hasValue(0);

    Booked booked = new Booked("101", 2);
    assertThat(key.fromJson(key.toJson(booked))).isEqualTo(booked);
    assertThat(key.codec()).isSameAs(BookedCodec.INSTANCE);
    assertThat(parts.codecs).hasValue(1);

    assertThat(key.hasOrderingKey()).isTrue();
    assertThat(key.orderingKeyOf(booked)).isEqualTo("101");
    assertThat(key.orderingKeyOf(new Booked("102", 1))).isEqualTo("102");
    assertThat(parts.accessors).hasValue(1);
  }

  @Test
  void aKeyWithoutOrderingKeyIsOrderedByItselfAndLooksUpOnce() {
    CountingParts parts = new CountingParts();
    EventKey<Booked> key = EventKey.of(new BookedDescriptor(), Booked.class, parts, 1);
    Booked booked = new Booked("101", 2);

    assertThat(key.hasOrderingKey()).isFalse();
    assertThat(key.orderingKeyOf(booked)).isSameAs(key);
    assertThat(key.orderingKeyOf(booked)).isSameAs(key);
    assertThat(parts.accessors).hasValue(1);
  }

  @Test
  void anUnknownKeyNumberIsNamedWhenFirstUsed() {
    EventKey<Booked> key = EventKey.of(new BookedDescriptor(), Booked.class, new CountingParts(),
        7);
    assertThatThrownBy(key::codec)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(CountingParts.class.getName() + " has no key number 7");
  }

  private enum BookedCodec implements JsonCodec<Booked> {
    INSTANCE;

    @Override
    public void write(JsonGenerator generator, Booked value) throws IOException {
      generator.writeStartObject();
      generator.writeStringField("room", value.room());
      generator.writeNumberField("nights", value.nights());
      generator.writeEndObject();
    }

    @Override
    public Booked read(JsonParser parser) throws IOException {
      String room = null;
      int nights = 0;
      parser.nextToken(); // the first field name
      while (parser.currentToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("room")) {
          room = parser.getText();
        } else {
          nights = parser.getIntValue();
        }
        parser.nextToken();
      }
      return new Booked(room, nights);
    }
  }

  private static final class BookedDescriptor implements EventDescriptor {
    @Override
    public String eventName() {
      return "room:booked";
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public Class<?> payloadType() {
      return Booked.class;
    }

    @Override
    public boolean critical() {
      return false;
    }

    @Override
    public boolean persist() {
      return false;
    }

    @Override
    public boolean logPayload() {
      return true;
    }

    @Override
    public String description() {
      return "A room was booked.";
    }

    @Override
    public EventKey<?> key() {
      throw new UnsupportedOperationException("not needed here");
    }
  }
}
