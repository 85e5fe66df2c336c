package dev.herald.runtime;

import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.KeyParts;
import dev.herald.runtime.wire.JsonLimits;
import java.util.Objects;
import java.util.function.Function;

/**
 * The typed handle of one event contract: {@code EventMap.MESSAGE_RECEIVED} is an
 * {@code EventKey<MessageReceived>}. Keys are created once, by generated code, and compared by
 * identity.
 *
 * @param <T> the payload record
 */
public final class EventKey<T extends Record> {

  /** Stands for "no {@code @OrderingKey}" once looked up. */
  private static final Function<Object, Object> UNORDERED = payload -> null;

  private final EventDescriptor descriptor;
  private final Class<T> payloadType;
  private final Function<? super T, ? extends Record> upcast;
  /** Where the codec and the ordering-key accessor are looked up on first use, or null. */
  private final KeyParts parts;
  private final int index;
  /**
   * Null until first use when {@link #parts} is not; so is {@link #orderingKey}, which is
   * {@link #UNORDERED} for an event without one. Plain fields, one reference each: a thread that
   * sees a stale null merely looks up again and gets the same object, whose fields are final.
   */
  private JsonCodec<T> codec;
  private Function<? super T, ?> orderingKey;

  private EventKey(
      EventDescriptor descriptor,
      Class<T> payloadType,
      JsonCodec<T> codec,
      Function<? super T, ?> orderingKey,
      Function<? super T, ? extends Record> upcast,
      KeyParts parts,
      int index) {
    this.descriptor = descriptor;
    this.payloadType = payloadType;
    this.codec = codec;
    this.orderingKey = parts != null ? null : orderingKey != null ? orderingKey : UNORDERED;
    this.upcast = upcast;
    this.parts = parts;
    this.index = index;
  }

  /**
   * Creates a key; called by generated code.
   *
   * @param orderingKey the {@code @OrderingKey} accessor, or {@code null} to order by event type
   */
  public static <T extends Record> EventKey<T> of(
      EventDescriptor descriptor,
      Class<T> payloadType,
      JsonCodec<T> codec,
      Function<? super T, ?> orderingKey) {
    return of(descriptor, payloadType, codec, orderingKey, null);
  }

  /**
   * Creates the key of an older version of an event; called by generated code.
   *
   * @param orderingKey the {@code @OrderingKey} accessor, or {@code null} to order by event type
   * @param upcast carries a payload of this version to the newest version of the same event,
   *     through the {@code @Upcast} methods of each step; {@code null} for the newest version
   */
  public static <T extends Record> EventKey<T> of(
      EventDescriptor descriptor,
      Class<T> payloadType,
      JsonCodec<T> codec,
      Function<? super T, ?> orderingKey,
      Function<? super T, ? extends Record> upcast) {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(codec, "codec");
    requireDescribes(descriptor, payloadType);
    return new EventKey<>(descriptor, payloadType, codec, orderingKey, upcast, null, 0);
  }

  /**
   * Creates a key whose codec and ordering-key accessor are looked up in {@code parts} on first
   * use; called by generated code.
   *
   * @param parts the generated {@code EventMap}'s lookups
   * @param index this key's number in {@code parts}
   */
  public static <T extends Record> EventKey<T> of(
      EventDescriptor descriptor, Class<T> payloadType, KeyParts parts, int index) {
    return of(descriptor, payloadType, parts, index, null);
  }

  /**
   * Creates the key of an older version of an event, whose codec and ordering-key accessor are
   * looked up in {@code parts} on first use; called by generated code.
   *
   * @param parts the generated {@code EventMap}'s lookups
   * @param index this key's number in {@code parts}
   * @param upcast carries a payload of this version to the newest version of the same event,
   *     through the {@code @Upcast} methods of each step; {@code null} for the newest version
   */
  public static <T extends Record> EventKey<T> of(
      EventDescriptor descriptor,
      Class<T> payloadType,
      KeyParts parts,
      int index,
      Function<? super T, ? extends Record> upcast) {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(parts, "parts");
    requireDescribes(descriptor, payloadType);
    return new EventKey<>(descriptor, payloadType, null, null, upcast, parts, index);
  }

  private static void requireDescribes(EventDescriptor descriptor, Class<?> payloadType) {
    if (descriptor.payloadType() != payloadType) {
      throw new IllegalArgumentException(
          "Descriptor " + descriptor.eventName() + " describes " + descriptor.payloadType().getName()
              + ", not " + payloadType.getName());
    }
  }

  public EventDescriptor descriptor() {
    return descriptor;
  }

  public String name() {
    return descriptor.eventName();
  }

  public int version() {
    return descriptor.version();
  }

  public Class<T> payloadType() {
    return payloadType;
  }

  /** The generated codec of the payload record. */
  @SuppressWarnings("unchecked") // the generated EventMap pairs each key with its record's codec
  public JsonCodec<T> codec() {
    JsonCodec<T> known = codec;
    if (known == null) {
      known = (JsonCodec<T>) Objects.requireNonNull(parts.codec(index),
          () -> "the generated EventMap has no codec for " + name() + "; rebuild the module"
              + " with herald-processor");
      codec = known;
    }
    return known;
  }

  /** Whether the contract has an {@code @OrderingKey} component. */
  public boolean hasOrderingKey() {
    return orderingKey() != null;
  }

  @SuppressWarnings("unchecked") // the generated EventMap pairs each key with its record's accessor
  private Function<? super T, ?> orderingKey() {
    Function<? super T, ?> known = orderingKey;
    if (known == null) {
      Function<? super T, ?> accessor = (Function<? super T, ?>) parts.orderingKey(index);
      known = accessor != null ? accessor : UNORDERED;
      orderingKey = known;
    }
    return known == UNORDERED ? null : known;
  }

  /**
   * The value that {@code ORDERED} listeners are ordered by: the {@code @OrderingKey} component, or
   * this key itself when the contract has none (so events of one type are ordered among themselves).
   */
  public Object orderingKeyOf(T payload) {
    Function<? super T, ?> accessor = orderingKey();
    if (accessor == null) {
      return this;
    }
    Object key = accessor.apply(payload);
    return key == null ? this : key;
  }

  /**
   * Whether a newer version of this event was compiled with it, so that {@link #upcast} carries
   * payloads of this version to the newest one.
   */
  public boolean upcasts() {
    return upcast != null;
  }

  /**
   * The payload as the newest version of this event: each step's {@code @Upcast} method, or the
   * copy generated for a compatible step, in turn. Decoding calls it for documents of older
   * versions; a payload of the newest version is returned as it is.
   *
   * @throws RuntimeException whatever an {@code @Upcast} method throws
   */
  public Record upcast(T payload) {
    Objects.requireNonNull(payload, "payload");
    return upcast == null ? payload : Objects.requireNonNull(upcast.apply(payload),
        () -> "an @Upcast method of " + name() + " returned null for version " + version());
  }

  /** Encodes a payload as JSON with the generated codec. */
  public byte[] toJson(T payload) {
    return Json.write(codec(), payload);
  }

  /**
   * Decodes a payload with the generated codec and the default {@link JsonLimits}.
   *
   * @throws EventDecodingException naming this event, the field and the position
   */
  public T fromJson(byte[] json) {
    return fromJson(json, JsonLimits.defaults());
  }

  /**
   * Decodes a payload with the generated codec within the given limits.
   *
   * @throws EventDecodingException naming this event, the field and the position
   */
  public T fromJson(byte[] json, JsonLimits limits) {
    return Json.read(codec(), json, limits, name());
  }

  @Override
  public String toString() {
    return "EventKey[" + name() + " v" + version() + " -> " + payloadType.getName() + "]";
  }
}
