package dev.herald.runtime.generated;

import java.util.function.Function;

/**
 * What an {@code EventKey} of a generated {@code EventMap} looks up on first use rather than when
 * the map loads: its codec and its {@code @OrderingKey} accessor, by the key's number. A bus that
 * never encodes an event never loads its codec class, and an accessor is a method reference made
 * only when an ORDERED delivery first asks for it: with hundreds of events, loading every codec and
 * making every accessor up front was most of a bus's start-up.
 *
 * <p>A generated {@code EventMap} implements it in a nested class of two {@code switch}es, each case
 * a constant; {@code EventKey} calls each method at most a few times per key (racing threads may
 * each call it once), so the {@code switch}es stay off every hot path.
 */
public interface KeyParts {

  /**
   * The codec of key number {@code index}.
   *
   * @throws IllegalArgumentException if there is no such key
   */
  JsonCodec<?> codec(int index);

  /**
   * The {@code @OrderingKey} accessor of key number {@code index}, or {@code null} when the event
   * has no ordering key.
   *
   * @throws IllegalArgumentException if there is no such key
   */
  Function<?, ?> orderingKey(int index);

  /** For the {@code default} branch of a generated {@code switch}: there is no such key. */
  default IllegalArgumentException noSuchKey(int index) {
    return new IllegalArgumentException(getClass().getName() + " has no key number " + index
        + ": its EventMap and the key were generated apart; rebuild the module with one version"
        + " of herald-processor");
  }
}
