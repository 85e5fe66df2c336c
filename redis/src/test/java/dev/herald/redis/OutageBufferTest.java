package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The publish buffer alone, with a sender that stands for Redis: its bound and its order. */
@Timeout(30)
class OutageBufferTest {

  private final AtomicBoolean redisAway = new AtomicBoolean(true);
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final OutageBuffer buffer = new OutageBuffer(3, "redis://127.0.0.1:1/0", "test-flush",
      entry -> {
        if (redisAway.get()) {
          throw new IllegalStateException("connection refused");
        }
        sent.add(entry.eventId());
      }, Duration.ofMillis(1), Duration.ofMillis(5));

  @AfterEach
  void close() {
    buffer.close();
  }

  private static OutgoingEntry entry(int n) {
    return new OutgoingEntry("ns:stream:job:queued", "job:queued", new byte[0], "evt_" + n);
  }

  @Test
  void anEnvelopeIsBufferedBehindOthersOnlyWhenOthersWait() {
    assertThat(buffer.appendIfWaiting(entry(1))).as("none waits: the caller sends it").isFalse();
    assertThat(buffer.size()).isZero();

    buffer.append(entry(1), new IllegalStateException("connection refused"));

    assertThat(buffer.appendIfWaiting(entry(2))).isTrue();
    assertThat(buffer.size()).isEqualTo(2);
  }

  @Test
  void aFullBufferRefusesTheNextEnvelopeNamingItAndTheBound() {
    IntStream.rangeClosed(1, 3).forEach(n -> buffer.append(entry(n), null));

    assertThatThrownBy(() -> buffer.append(entry(4), new IllegalStateException("refused")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("job:queued evt_4")
        .hasMessageContaining("ns:stream:job:queued at redis://127.0.0.1:1/0")
        .hasMessageContaining("(java.lang.IllegalStateException: refused)")
        .hasMessageContaining("the publish buffer is full (3 envelopes)");
    assertThatThrownBy(() -> buffer.appendIfWaiting(entry(5)))
        .isInstanceOf(TransportException.class);
    assertThat(buffer.size()).isEqualTo(3);
  }

  @Test
  void bufferedEnvelopesAreSentInPublishOrderOnceRedisAnswers() {
    buffer.append(entry(1), null);
    buffer.append(entry(2), null);
    assertThat(buffer.appendIfWaiting(entry(3))).isTrue();
    assertThat(buffer.awaitEmpty(Duration.ofMillis(50))).as("Redis is away").isFalse();
    assertThat(sent).isEmpty();

    redisAway.set(false);

    assertThat(buffer.awaitEmpty(Duration.ofSeconds(10))).isTrue();
    assertThat(sent).containsExactly("evt_1", "evt_2", "evt_3");
    assertThat(buffer.appendIfWaiting(entry(4))).as("drained: send directly again").isFalse();
  }

  @Test
  void closingReturnsWhatWasNeverSentAndRefusesMore() {
    buffer.append(entry(1), null);
    buffer.append(entry(2), null);

    assertThat(buffer.close()).extracting(OutgoingEntry::eventId).containsExactly("evt_1", "evt_2");
    assertThat(buffer.size()).isZero();
    assertThatThrownBy(() -> buffer.append(entry(3), null)).isInstanceOf(TransportException.class)
        .hasMessageContaining("closing");
    redisAway.set(false);
    assertThat(sent).isEmpty();
  }
}
