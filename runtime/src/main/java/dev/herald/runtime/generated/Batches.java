package dev.herald.runtime.generated;

import dev.herald.runtime.Envelope;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * What generated dispatchers hand a batch listener: the batch's payloads, or its envelopes, as the
 * listener's parameter type declares them. Read-only views of the batch the bus delivers; nothing is
 * copied.
 */
public final class Batches {

  private Batches() {}

  /**
   * The payloads of {@code batch}, in order, as {@code List<T>}.
   *
   * @param <T> the listener's element type: the bus hands it only envelopes of events it hears
   */
  public static <T> List<T> payloads(List<Envelope<?>> batch) {
    return new Payloads<>(batch);
  }

  /**
   * {@code batch} as {@code List<Envelope<T>>}.
   *
   * @param <T> the listener's payload type: the bus hands it only envelopes of events it hears
   */
  @SuppressWarnings("unchecked") // envelopes are read-only and of the events the listener hears
  public static <T> List<Envelope<T>> envelopes(List<Envelope<?>> batch) {
    return (List<Envelope<T>>) (List<?>) batch;
  }

  private static final class Payloads<T> extends AbstractList<T> implements RandomAccess {
    private final List<Envelope<?>> batch;

    Payloads(List<Envelope<?>> batch) {
      this.batch = batch;
    }

    @Override
    @SuppressWarnings("unchecked") // see payloads
    public T get(int index) {
      return (T) batch.get(index).payload();
    }

    @Override
    public int size() {
      return batch.size();
    }
  }
}
