package dev.herald.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * One validated {@code @Subscribe} method.
 *
 * @param displayName the method as people read it, e.g. {@code on(MessageReceived)}
 * @param parameterType the declared parameter type, for the generated call (for a batch
 *     listener, the {@code List}; {@code parameter} then says what its elements are)
 * @param events the event records heard by type, sorted; empty for pattern listeners
 * @param patterns the name patterns; empty for typed listeners
 * @param delivery the name of the {@code Delivery} constant
 * @param onFailure the name of the {@code FailurePolicy} constant
 * @param concurrency the most deliveries at once, 0 for no limit
 * @param batchSize the most events in a batch, 0 for a listener of single events (its parameter
 *     is not a {@code List})
 * @param maxWaitMillis how long a batch's first event may wait, 0 without batches
 */
public record SubscriberModel(
    ExecutableElement element,
    String methodName,
    String displayName,
    Parameter parameter,
    TypeName parameterType,
    List<ClassName> events,
    List<String> patterns,
    int priority,
    String delivery,
    int maxAttempts,
    long backoffMillis,
    long maxBackoffMillis,
    long timeoutMillis,
    boolean returnsCompletionStage,
    String onFailure,
    int concurrency,
    int batchSize,
    long maxWaitMillis) {

  /** What the parameter receives. */
  public enum Parameter {
    /** The payload (a record or a sealed interface of records). */
    PAYLOAD,
    /** {@code Envelope<E>} or {@code Envelope<S>}: cast from the runtime's {@code Envelope<?>}. */
    TYPED_ENVELOPE,
    /** {@code Envelope<?>}: passed as it is. */
    ANY_ENVELOPE
  }
}
