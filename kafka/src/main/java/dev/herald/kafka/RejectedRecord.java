package dev.herald.kafka;

import java.time.Instant;

/**
 * A record that was no event of the consuming service's contracts (not CloudEvents, an unknown
 * type, a newer version than it knows, malformed data), moved to its topic's dead-letter topic at
 * once so that it never blocked its partition. See {@link KafkaDeadLetterStore#rejected()}.
 *
 * @param id the letter id, the key of its record in the dead-letter topic
 * @param group the consumer group that rejected it
 * @param topic the topic it came from
 * @param partition its partition there
 * @param offset its offset there
 * @param type the event name it claimed ({@code ce_type} or the JSON {@code type}), or null
 * @param reason why it was rejected, with the field and position when the decoder knows them
 * @param raw its value as it was (untrusted bytes; empty for a record without one)
 * @param rejectedAt when it was rejected
 */
public record RejectedRecord(String id, String group, String topic, int partition, long offset,
    String type, String reason, byte[] raw, Instant rejectedAt) {

  @Override
  public String toString() {
    return "RejectedRecord[" + id + " " + topic + "-" + partition + "@" + offset + " of group "
        + group + ": " + reason + "]";
  }
}
