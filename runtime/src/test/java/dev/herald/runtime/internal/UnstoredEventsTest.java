package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.ListenerDispatcher;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A bus without an event store warns when an event marked persist is first published, naming only
 * that event, once; not at start, and never for events that are not marked persist.
 */
class UnstoredEventsTest {

  record Stored(int n) {}

  record Passing(int n) {}

  private static final EventKey<Stored> STORED = key("test:stored", Stored.class, true);
  private static final EventKey<Passing> PASSING = key("test:passing", Passing.class, false);
  private static final EventKey<Stored> NEVER_PUBLISHED =
      key("test:never-published", Stored.class, true);

  private final Logger logger = (Logger) LoggerFactory.getLogger(UnstoredEvents.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  private final Level levelBefore = logger.getLevel();

  UnstoredEventsTest() {
    logged.start();
    logger.addAppender(logged);
    logger.setLevel(Level.WARN); // the tests' configuration turns logging off
  }

  @AfterEach
  void detach() {
    logger.detachAppender(logged);
    logger.setLevel(levelBefore);
  }

  @Test
  void warnsOncePerPersistEventAtItsFirstPublishNamingOnlyIt() {
    UnstoredEvents unstored =
        UnstoredEvents.of("front-desk", index(STORED, PASSING, NEVER_PUBLISHED));
    assertThat(unstored).isNotNull();
    assertThat(logged.list).as("nothing at start").isEmpty();

    unstored.published(PASSING);
    unstored.published(STORED);
    unstored.published(STORED);
    unstored.published(PASSING);

    assertThat(logged.list).singleElement().satisfies(line -> {
      assertThat(line.getLevel()).isEqualTo(Level.WARN);
      assertThat(line.getFormattedMessage())
          .contains("EventBus 'front-desk' published test:stored")
          .contains("not stored")
          .contains("EventBus.builder().eventStore(...)")
          .doesNotContain("test:never-published")
          .doesNotContain("test:passing");
    });
  }

  @Test
  void aBusWithoutPersistEventsNeedsNoWarner() {
    assertThat(UnstoredEvents.of("front-desk", index(PASSING))).isNull();
  }

  private static ContractIndex index(EventKey<?>... keys) {
    List<EventDescriptor> descriptors = List.of(keys).stream().map(EventKey::descriptor).toList();
    return new ContractIndex(List.of(new Catalog() {
      @Override
      public List<EventDescriptor> events() {
        return descriptors;
      }

      @Override
      public List<ListenerDispatcher<?>> dispatchers() {
        return List.of();
      }
    }));
  }

  private static <T extends Record> EventKey<T> key(String name, Class<T> type, boolean persist) {
    Descriptor descriptor = new Descriptor(name, type, persist);
    EventKey<T> key = EventKey.of(descriptor, type, new UnusedCodec<>(), null);
    descriptor.key = key;
    return key;
  }

  private static final class Descriptor implements EventDescriptor {
    private final String name;
    private final Class<?> type;
    private final boolean persist;
    EventKey<?> key;

    Descriptor(String name, Class<?> type, boolean persist) {
      this.name = name;
      this.type = type;
      this.persist = persist;
    }

    @Override
    public String eventName() {
      return name;
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public Class<?> payloadType() {
      return type;
    }

    @Override
    public boolean critical() {
      return false;
    }

    @Override
    public boolean persist() {
      return persist;
    }

    @Override
    public boolean logPayload() {
      return false;
    }

    @Override
    public String description() {
      return "";
    }

    @Override
    public EventKey<?> key() {
      return key;
    }
  }

  private static final class UnusedCodec<T> implements JsonCodec<T> {
    @Override
    public void write(JsonGenerator generator, T value) {
      throw new UnsupportedOperationException("never encoded here");
    }

    @Override
    public T read(JsonParser parser) {
      throw new UnsupportedOperationException("never decoded here");
    }
  }
}
