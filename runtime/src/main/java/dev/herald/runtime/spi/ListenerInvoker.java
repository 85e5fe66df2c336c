package dev.herald.runtime.spi;

import dev.herald.runtime.Envelope;
import java.util.concurrent.CompletionStage;

/**
 * Calls one {@code @Subscribe} method. Generated dispatchers implement it with a lambda that makes a
 * plain, statically typed call, so the JIT can inline it.
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
