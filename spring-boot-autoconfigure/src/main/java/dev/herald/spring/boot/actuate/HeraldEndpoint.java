package dev.herald.spring.boot.actuate;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Registration;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.spring.boot.context.HeraldLifecycle;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code herald} Actuator endpoint: the bus's event types, its listener beans and their
 * subscriptions, and its latest dead letters ({@code GET /actuator/herald}); one dead letter with
 * its redacted payload ({@code GET /actuator/herald/{id}}); replay ({@code POST /actuator/herald}
 * with {@code {"id": "..."}} or {@code {"type": "task:*"}}) and purge ({@code DELETE
 * /actuator/herald?type=task:*}, {@code #} for all).
 *
 * <p>Like every endpoint but health, it is not exposed over HTTP unless
 * {@code management.endpoints.web.exposure.include} names it; and its access is read-only by
 * default, so replay and purge also need {@code management.endpoint.herald.access=unrestricted}
 * (and whatever Spring Security rules guard the application's other write endpoints).
 */
@Endpoint(id = "herald", defaultAccess = Access.READ_ONLY)
public class HeraldEndpoint {

  /** Dead letters the read operation shows, the most recent first. */
  static final int LATEST_LETTERS = 20;

  private final EventBus bus;
  private final HeraldLifecycle lifecycle;

  /**
   * @param bus the bus to show
   * @param lifecycle what registered the listener beans, or null if nothing did
   */
  public HeraldEndpoint(EventBus bus, @Nullable HeraldLifecycle lifecycle) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.lifecycle = lifecycle;
  }

  /** The bus: its events, its listener beans and its latest dead letters. */
  @ReadOperation
  public BusReport bus() {
    List<EventType> events = bus.events().stream().map(EventKey::descriptor)
        .map(EventType::of).toList();
    Map<String, Registration> registrations =
        lifecycle != null ? lifecycle.registrations() : Map.of();
    List<ListenerBean> listeners = registrations.entrySet().stream()
        .map(entry -> ListenerBean.of(entry.getKey(), entry.getValue())).toList();
    DeadLetterQuery all = DeadLetterQuery.all();
    List<Letter> latest = bus.deadLetters().list(all.limit(LATEST_LETTERS)).stream()
        .map(Letter::of).toList();
    return new BusReport(bus.source(), bus.health().status().name(), events, listeners,
        new DeadLetters(bus.deadLetters().count(all), latest));
  }

  /** One dead letter, with its payload rendered as logs show it (sensitive fields hidden). */
  @ReadOperation
  public @Nullable LetterDetail deadLetter(@Selector String id) {
    return bus.deadLetters().get(id).map(LetterDetail::of).orElse(null);
  }

  /**
   * Replays the dead letter {@code id}, or the letters whose event type matches {@code type} (one
   * page of {@value DeadLetterQuery#DEFAULT_LIMIT}), to their subscribers; a letter that succeeds
   * is deleted.
   */
  @WriteOperation
  public Replayed replay(@Nullable String id, @Nullable String type) {
    if ((id == null) == (type == null)) {
      throw new InvalidEndpointRequestException("Replay needs either id or type, got "
          + (id == null ? "neither" : "both"), "Give either a dead letter's id or a type pattern");
    }
    if (id != null) {
      DeadLetter letter = bus.deadLetters().get(id).orElseThrow(() ->
          new InvalidEndpointRequestException("No dead letter " + id, "No dead letter " + id));
      return new Replayed(1, bus.replay(letter) ? 1 : 0);
    }
    DeadLetterQuery query = query(type);
    int matching = bus.deadLetters().list(query).size();
    return new Replayed(matching, bus.replay(query));
  }

  /** Deletes the dead letters whose event type matches {@code type} ({@code #}: every letter). */
  @DeleteOperation
  public Purged purge(String type) {
    return new Purged(bus.deadLetters().purge(query(type)));
  }

  private static DeadLetterQuery query(String type) {
    try {
      return DeadLetterQuery.all().type(type);
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), "Invalid type pattern " + type);
    }
  }

  /**
   * What {@code GET /actuator/herald} shows.
   *
   * @param source the bus's source name
   * @param health UP, DEGRADED or DOWN
   * @param events the event types the bus knows
   * @param listeners the listener beans registered on it
   * @param deadLetters how many dead letters, and the latest
   */
  public record BusReport(String source, String health, List<EventType> events,
      List<ListenerBean> listeners, DeadLetters deadLetters) {}

  /**
   * One event contract.
   *
   * @param name the event's name, e.g. {@code task:created}
   * @param version the contract's version
   * @param payloadType the payload record's class name
   * @param critical whether it is dead-lettered when nobody hears it
   * @param persist whether it is appended to the event store
   * @param description the first sentence of the record's Javadoc
   */
  public record EventType(String name, int version, String payloadType, boolean critical,
      boolean persist, String description) {
    static EventType of(EventDescriptor event) {
      return new EventType(event.eventName(), event.version(), event.payloadType().getName(),
          event.critical(), event.persist(), event.description());
    }
  }

  /**
   * A listener bean and its subscriptions.
   *
   * @param bean the bean's name
   * @param type the bean's class name
   * @param subscriptions its subscribers' names, one per {@code @Subscribe} method
   */
  public record ListenerBean(String bean, String type, List<String> subscriptions) {
    static ListenerBean of(String bean, Registration registration) {
      return new ListenerBean(bean, registration.listener().getClass().getName(),
          registration.subscriptions().stream().map(Subscription::name).toList());
    }
  }

  /**
   * The bus's dead letters.
   *
   * @param count how many there are
   * @param latest the latest {@value HeraldEndpoint#LATEST_LETTERS} of them
   */
  public record DeadLetters(long count, List<Letter> latest) {}

  /**
   * A dead letter, without its payload.
   *
   * @param id the letter's id, for replay
   * @param eventId the event's id
   * @param eventType the event's name
   * @param subscriber the subscriber that failed
   * @param reason why it is a dead letter
   * @param attempts how many times delivery was attempted
   * @param error the last error's type and message
   * @param lastFailure when the last attempt failed
   */
  public record Letter(String id, String eventId, String eventType, String subscriber,
      String reason, int attempts, @Nullable String error, String lastFailure) {
    static Letter of(DeadLetter letter) {
      String message = letter.errorMessage() == null ? "" : ": " + letter.errorMessage();
      String error = letter.errorType() == null ? null : letter.errorType() + message;
      return new Letter(letter.id(), letter.envelope().id(), letter.envelope().type(),
          letter.subscriber(), letter.reason().name(), letter.attempts(), error,
          letter.lastFailure().toString());
    }
  }

  /**
   * A dead letter with its rendered payload.
   *
   * @param letter the letter
   * @param correlationId the event's correlation id, if any
   * @param payload the payload as logs show it
   * @param firstFailure when the first attempt failed
   */
  public record LetterDetail(Letter letter, @Nullable String correlationId, String payload,
      String firstFailure) {
    static LetterDetail of(DeadLetter letter) {
      return new LetterDetail(Letter.of(letter), letter.envelope().correlationId(),
          letter.renderedPayload(), letter.firstFailure().toString());
    }
  }

  /**
   * What a replay did.
   *
   * @param attempted letters replayed
   * @param succeeded of those, delivered (and deleted)
   */
  public record Replayed(int attempted, int succeeded) {}

  /**
   * What a purge did.
   *
   * @param deleted letters deleted
   */
  public record Purged(int deleted) {}
}
