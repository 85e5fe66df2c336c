package dev.herald.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.FailurePolicy;
import dev.herald.runtime.generated.ListenerMethod;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * One set of delivery options for annotated and programmatic subscriptions: empty means the bus's
 * default, and both kinds resolve against the bus's retry policy the same way.
 */
class DeliveryOptionsTest {

  private static final RetryPolicy BUS =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(30), 0.5);

  @Test
  void unsetRetryOptionsTakeTheBusDefault() {
    DeliveryOptions options = DeliveryOptions.defaults();

    assertThat(options.maxAttempts()).isEqualTo(OptionalInt.empty());
    assertThat(options.initialBackoff()).isEqualTo(Optional.empty());
    assertThat(options.maxBackoff()).isEqualTo(Optional.empty());
    assertThat(options.retryPolicy(BUS)).isEqualTo(BUS);
  }

  @Test
  void optionsSetOverrideTheBusAndKeepItsJitter() {
    RetryPolicy retry = DeliveryOptions.defaults().maxAttempts(5)
        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(2)).retryPolicy(BUS);

    assertThat(retry).isEqualTo(new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(2),
        0.5));
  }

  @Test
  void anInitialBackoffAboveTheBusCapRaisesTheCap() {
    RetryPolicy retry =
        DeliveryOptions.defaults().initialBackoff(Duration.ofMinutes(1)).retryPolicy(BUS);

    assertThat(retry.initialBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(retry.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aCapAloneKeepsTheBusInitialBackoff() {
    RetryPolicy retry =
        DeliveryOptions.defaults().maxBackoff(Duration.ofSeconds(1)).retryPolicy(BUS);

    assertThat(retry.initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(retry.maxBackoff()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aSyncSubscriptionTakesNoTimeoutInEitherOrder() {
    assertThatThrownBy(() -> DeliveryOptions.defaults().timeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SYNC");
    DeliveryOptions async =
        DeliveryOptions.defaults().delivery(Delivery.ASYNC).timeout(Duration.ofSeconds(1));
    assertThatThrownBy(() -> async.delivery(Delivery.SYNC))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SYNC");
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> DeliveryOptions.defaults().maxAttempts(0))
        .hasMessageContaining("maxAttempts must be at least 1, got 0");
    assertThatThrownBy(() -> DeliveryOptions.defaults()
        .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("0 <= initial <= max");
    assertThatThrownBy(() -> DeliveryOptions.defaults().delivery(Delivery.ASYNC)
        .timeout(Duration.ofSeconds(-1))).hasMessageContaining("must not be negative");
  }

  @Test
  void anAnnotatedMethodAndASubscriptionWithTheSameOptionsShareThem() {
    ListenerMethod<Object> method = ListenerMethod.named("on(Ping)",
            ListenerMethod.Parameter.PAYLOAD)
        .priority(7).delivery(Delivery.ORDERED).maxAttempts(4).backoffMillis(250)
        .timeoutMillis(1000).invokes((listener, envelope) -> null);
    SubscribeOptions subscription = SubscribeOptions.named("on").priority(7)
        .delivery(Delivery.ORDERED).maxAttempts(4).timeout(Duration.ofSeconds(1));

    assertThat(method.deliveryOptions().maxBackoff()).isEmpty();
    assertThat(method.deliveryOptions().initialBackoff()).contains(Duration.ofMillis(250));
    assertThat(method.deliveryOptions().retryPolicy(BUS))
        .isEqualTo(subscription.deliveryOptions().initialBackoff(Duration.ofMillis(250))
            .retryPolicy(BUS));
    assertThat(method.deliveryOptions())
        .isEqualTo(subscription.deliveryOptions().initialBackoff(Duration.ofMillis(250)));
  }

  @Test
  void theAnnotationsZeroMeansTheBusDefaultAndTheOldAccessorsKeepTheirMarkers() {
    ListenerMethod<Object> method = ListenerMethod.named("on(Ping)",
            ListenerMethod.Parameter.PAYLOAD)
        .maxAttempts(0).backoffMillis(0).maxBackoffMillis(0).invokes((listener, envelope) -> null);

    assertThat(method.deliveryOptions()).isEqualTo(DeliveryOptions.defaults());
    assertThat(method.maxAttempts()).isZero();
    assertThat(method.backoff()).isEqualTo(Duration.ZERO);
    assertThat(method.maxBackoff()).isEqualTo(Duration.ZERO);
    assertThat(SubscribeOptions.defaults().maxAttempts()).isZero();
    assertThat(SubscribeOptions.defaults().backoff()).isNull();
    assertThat(SubscribeOptions.defaults().maxBackoff()).isNull();
  }

  @Test
  void aHandWrittenMethodWithBadOptionsIsRefusedNamingIt() {
    ListenerMethod.Builder<Object> sync = ListenerMethod.<Object>named("on(Ping)",
        ListenerMethod.Parameter.PAYLOAD).timeoutMillis(500);

    assertThatThrownBy(() -> sync.invokes((listener, envelope) -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("@Subscribe method on(Ping): A timeout cannot apply to SYNC");
  }

  @Test
  void annotatedAndProgrammaticPoliciesAreTheSameOptions() {
    ListenerMethod<Object> method = ListenerMethod.named("store(List)",
            ListenerMethod.Parameter.PAYLOAD)
        .delivery(Delivery.ASYNC).onFailure(FailurePolicy.LOG).concurrency(2).batch(50, 20)
        .invokesBatches((listener, batch) -> null);
    SubscribeOptions subscription = SubscribeOptions.named("store").delivery(Delivery.ASYNC)
        .onFailure(FailurePolicy.LOG).concurrency(2).batch(50, Duration.ofMillis(20));

    assertThat(method.deliveryOptions()).isEqualTo(subscription.deliveryOptions());
    assertThat(method.deliveryOptions().isBatch()).isTrue();
    assertThat(method.batchInvoker()).isNotNull();
    assertThat(method.deliveryOptions().toString())
        .contains("on failure LOG", "concurrency 2", "batches of 50 within PT0.02S");
  }

  @Test
  void aBatchIsAsyncUnlessOrderedAndNeedsASizeAndAWait() {
    assertThat(DeliveryOptions.defaults().batch(10, Duration.ofMillis(5)).delivery())
        .isEqualTo(Delivery.ASYNC);
    assertThat(DeliveryOptions.defaults().delivery(Delivery.ORDERED)
        .batch(10, Duration.ofMillis(5)).delivery()).isEqualTo(Delivery.ORDERED);
    assertThatThrownBy(() -> DeliveryOptions.defaults().batch(0, Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size of at least 1");
    assertThatThrownBy(() -> DeliveryOptions.defaults().batch(10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> DeliveryOptions.defaults().batch(10, Duration.ofMillis(5))
        .delivery(Delivery.SYNC))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be delivered");
    assertThatThrownBy(() -> DeliveryOptions.defaults().onFailure(FailurePolicy.PROPAGATE)
        .batch(10, Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROPAGATE");
  }
}
