package dev.herald.runtime;

import java.util.List;

/**
 * An event published with {@link EventBus#publishAndCollect(Record, Metadata)}: its envelope and
 * the outcome of every SYNC subscriber that heard it, in the order they ran (priority, then
 * registration). Asynchronous subscribers are not in it: they run after {@code publish} returns.
 *
 * <pre>{@code
 * PublishResult<OrderPlaced> result = bus.publishAndCollect(order, Metadata.none());
 * if (result.hasFailures()) {
 *   transaction.rollback();
 *   result.failures().forEach(f -> log.warn("{} failed", f.subscriber(), f.failure()));
 * }
 * }</pre>
 *
 * @param envelope the published envelope
 * @param outcomes each SYNC subscriber's outcome, in the order they ran
 * @param <T> the payload type
 */
public record PublishResult<T>(Envelope<T> envelope, List<ListenerOutcome> outcomes) {

  public PublishResult {
    outcomes = List.copyOf(outcomes);
  }

  /** The outcomes of the subscribers that failed, in the order they ran. */
  public List<ListenerOutcome> failures() {
    return outcomes.stream().filter(ListenerOutcome::failed).toList();
  }

  /** Whether some SYNC subscriber failed. */
  public boolean hasFailures() {
    for (ListenerOutcome outcome : outcomes) {
      if (outcome.failed()) {
        return true;
      }
    }
    return false;
  }
}
