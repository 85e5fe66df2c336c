package dev.herald.redis;

import static dev.herald.redis.LetterFields.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.redis.it.Job;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.wire.CloudEvents;
import io.lettuce.core.StreamMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dead letter as the fields of a stream entry and back, without Redis. */
class LetterFieldsTest {

  private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("2026-01-01T00:05:30.123456789Z");

  private final EventBus bus = EventBus.builder().source("billing").build();
  private final CloudEvents wire = CloudEvents.of(bus.events());
  private final Envelope<Job> envelope = Envelope.of(bus.keyOf(Job.class).orElseThrow(),
      new Job(7), "evt_7", FIRST, "gateway", "corr_1", "cause_1", "acme", Map.of("h", "v"));

  @Test
  void everyFieldOfALetterSurvivesTheRoundTrip() {
    String stack = "java.lang.IllegalStateException: declined\n\tat Billing.charge(Billing.java:9)";
    DeadLetter letter = new DeadLetter("dlq_1", envelope, "charge", DeadLetter.Reason.BACKPRESSURE,
        "java.lang.IllegalStateException", "déclined ✓", stack, 3, FIRST, LAST);

    Map<String, byte[]> fields = LetterFields.of(letter, "billing", wire);
    DeadLetter read = LetterFields.letter(fields, wire);

    assertThat(read.id()).isEqualTo("dlq_1");
    assertThat(read.subscriber()).isEqualTo("charge");
    assertThat(read.reason()).isEqualTo(DeadLetter.Reason.BACKPRESSURE);
    assertThat(read.errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(read.errorMessage()).isEqualTo("déclined ✓");
    assertThat(read.stackTrace()).isEqualTo(stack);
    assertThat(read.attempts()).isEqualTo(3);
    assertThat(read.firstFailure()).isEqualTo(FIRST);
    assertThat(read.lastFailure()).isEqualTo(LAST);
    assertSameEvent(read.envelope(), envelope);
    assertThat(LetterFields.group(fields)).isEqualTo("billing");
    assertThat(LetterFields.letterId(fields)).isEqualTo("dlq_1");
    assertThat(LetterFields.text(fields, LetterFields.TYPE)).isEqualTo("job:queued");
    assertThat(LetterFields.isRejected(fields)).isFalse();
  }

  @Test
  void absentErrorDetailsAreAbsentFieldsAndReadBackAsNull() {
    DeadLetter letter = new DeadLetter("dlq_2", envelope, DeadLetter.NO_SUBSCRIBER,
        DeadLetter.Reason.NO_SUBSCRIBER, null, null, null, 0, FIRST, FIRST);

    Map<String, byte[]> fields = LetterFields.of(letter, "", wire);

    assertThat(fields).doesNotContainKeys(LetterFields.ERROR_TYPE, LetterFields.ERROR,
        LetterFields.STACK, LetterFields.STREAM, LetterFields.ENTRY);
    DeadLetter read = LetterFields.letter(fields, wire);
    assertThat(read.errorType()).isNull();
    assertThat(read.errorMessage()).isNull();
    assertThat(read.stackTrace()).isNull();
    assertThat(read.subscriber()).isEqualTo(DeadLetter.NO_SUBSCRIBER);
    assertThat(read.reason()).isEqualTo(DeadLetter.Reason.NO_SUBSCRIBER);
    assertThat(LetterFields.group(fields)).isEmpty();
  }

  @Test
  void aFailedDeliveryNamesTheEntryItCameFrom() {
    DeadLetter letter = new DeadLetter("dlq_3", envelope, "charge", DeadLetter.Reason.FAILED,
        "E", "boom", null, 5, FIRST, LAST);

    Map<String, byte[]> fields =
        LetterFields.of(letter, "billing", wire, "ns:stream:job:queued", "1700000000000-0");

    assertThat(LetterFields.text(fields, LetterFields.STREAM)).isEqualTo("ns:stream:job:queued");
    assertThat(LetterFields.text(fields, LetterFields.ENTRY)).isEqualTo("1700000000000-0");
    assertThat(LetterFields.letter(fields, wire).attempts()).isEqualTo(5);
  }

  @Test
  void aLetterWhoseEventIsNoEventOfTheContractsCannotBeRead() {
    DeadLetter letter = new DeadLetter("dlq_4", envelope, "charge", DeadLetter.Reason.FAILED,
        "E", "boom", null, 1, FIRST, LAST);
    Map<String, byte[]> fields = LetterFields.of(letter, "billing", wire);
    CloudEvents none = CloudEvents.of(List.of());

    assertThatThrownBy(() -> LetterFields.letter(fields, none))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("job:queued");
  }

  @Test
  void malformedOrMissingFieldsCannotBeRead() {
    DeadLetter letter = new DeadLetter("dlq_5", envelope, "charge", DeadLetter.Reason.FAILED,
        "E", "boom", null, 1, FIRST, LAST);
    Map<String, byte[]> noEvent = new LinkedHashMap<>(LetterFields.of(letter, "billing", wire));
    noEvent.remove(LetterFields.EVENT);
    Map<String, byte[]> badTime = new LinkedHashMap<>(LetterFields.of(letter, "billing", wire));
    badTime.put(LetterFields.LAST, bytes("yesterday"));

    assertThatThrownBy(() -> LetterFields.letter(noEvent, wire))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event field is missing");
    assertThatThrownBy(() -> LetterFields.letter(badTime, wire))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("yesterday");
  }

  @Test
  void aRejectedEntryKeepsItsRawEventAndIsNoLetter() {
    byte[] raw = bytes("{not json");
    StreamMessage<String, byte[]> message = new StreamMessage<>("ns:stream:job:queued",
        "1700000000000-1", Map.of(RedisTransport.EVENT, raw, RedisTransport.TYPE,
            bytes("job:queued")));

    Map<String, byte[]> fields = LetterFields.rejected("dlq_6", "billing", message, "job:queued",
        "cannot decode: at 1", LAST);

    assertThat(LetterFields.isRejected(fields)).isTrue();
    RejectedEntry entry = LetterFields.rejectedEntry(fields);
    assertThat(entry.id()).isEqualTo("dlq_6");
    assertThat(entry.group()).isEqualTo("billing");
    assertThat(entry.stream()).isEqualTo("ns:stream:job:queued");
    assertThat(entry.entry()).isEqualTo("1700000000000-1");
    assertThat(entry.type()).isEqualTo("job:queued");
    assertThat(entry.reason()).isEqualTo("cannot decode: at 1");
    assertThat(entry.raw()).isEqualTo(raw);
    assertThat(entry.rejectedAt()).isEqualTo(LAST);
    assertThatThrownBy(() -> LetterFields.letter(fields, wire))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dlq_6 is a rejected entry");
  }

  @Test
  void aRejectedEntryWithoutAnEventFieldKeepsItsFieldNamesAndNoType() {
    StreamMessage<String, byte[]> message = new StreamMessage<>("ns:stream:job:queued",
        "1700000000000-2", Map.of("payload", bytes("x")));

    RejectedEntry entry = LetterFields.rejectedEntry(
        LetterFields.rejected("dlq_7", "billing", message, null, "no event field", LAST));

    assertThat(entry.type()).isNull();
    assertThat(new String(entry.raw(), UTF_8)).isEqualTo("[payload]");
  }

  private static void assertSameEvent(Envelope<?> read, Envelope<?> written) {
    assertThat(read.id()).isEqualTo(written.id());
    assertThat(read.type()).isEqualTo(written.type());
    assertThat(read.payload()).isEqualTo(written.payload());
    assertThat(read.time()).isEqualTo(written.time());
    assertThat(read.source()).isEqualTo(written.source());
    assertThat(read.correlationId()).isEqualTo(written.correlationId());
    assertThat(read.causationId()).isEqualTo(written.causationId());
    assertThat(read.tenantId()).isEqualTo(written.tenantId());
    assertThat(read.headers()).isEqualTo(written.headers());
  }
}
