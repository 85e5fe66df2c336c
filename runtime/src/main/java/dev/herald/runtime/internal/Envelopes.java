package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import java.util.Map;

/**
 * Makes envelopes whose id and time the bus stamped as numbers, rendered to a string and an
 * {@link java.time.Instant} only when someone reads them: a publish then allocates the envelope and
 * nothing else. {@link Envelope} installs the factory when it is initialised (the JDK's
 * "shared secrets" pattern), so that the public class gets no public factory for this.
 *
 * <p>Public only because {@code Envelope} (root package) installs the factory and {@code
 * wire.CloudEvents} makes envelopes with it; no compatibility promise.
 */
public final class Envelopes {

  /** Makes a stamped envelope; a null correlation id means "the envelope's own id". */
  @FunctionalInterface
  public interface Factory {
    Envelope<?> make(EventKey<?> key, Object payload, TimeOrderedIds idFormat, long idMillis,
        long idCounter, long epochSecond, int nano, String source, String correlationId,
        String causationId, String tenantId, Map<String, String> headers);
  }

  private static volatile Factory factory;

  private Envelopes() {}

  /** Called once, by {@link Envelope}'s static initialiser. */
  public static void install(Factory made) {
    synchronized (Envelopes.class) {
      if (factory != null) {
        throw new IllegalStateException("installed already");
      }
      factory = made;
    }
  }

  static Factory factory() {
    Factory made = factory;
    if (made == null) {
      try {
        Class.forName(Envelope.class.getName(), true, Envelope.class.getClassLoader());
      } catch (ClassNotFoundException impossible) {
        throw new AssertionError(impossible);
      }
      made = factory;
    }
    return made;
  }
}
