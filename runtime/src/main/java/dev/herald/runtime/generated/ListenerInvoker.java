package dev.herald.runtime.generated;

import dev.herald.runtime.Envelope;
import java.util.concurrent.CompletionStage;

/**
 * Calls one {@code @Subscribe} method. Generated dispatchers describe their methods with
 * {@link ListenerMethod.Builder#invokes(ListenerDispatcher, int)} instead, whose invoker calls the
 * dispatcher's one {@code switch} of plain, statically typed calls; hand-written dispatchers may
 * pass any invoker, a lambda for instance.
 *
 * @param <L> the listener class
 */
@FunctionalInterface
public interface ListenerInvoker<L> {

  /**
   * Delivers {@code envelope} to {@code listener}.
   *
   * @return what the method returned if it returns a {@code CompletionStage}, else {@code null}
   * @throws Exception whatever the listener method throws
   */
  CompletionStage<?> invoke(L listener, Envelope<?> envelope) throws Exception;
}
