package dev.herald.redis;

import java.time.Instant;

/**
 * A stream entry that was no event of the consuming service's contracts (not CloudEvents JSON, an
 * unknown type, a newer version than it knows, malformed data), moved to the dead-letter stream and
 * acknowledged so that it did not block its group. See {@link RedisDeadLetterStore#rejected()}.
 *
 * @param id the letter id in the dead-letter stream
 * @param group the consumer group that rejected it
 * @param stream the stream it came from
 * @param entry its entry id there
 * @param type its {@code type} field, or null if it had none
 * @param reason why it was rejected, with the field and position when the decoder knows them
 * @param raw its {@code event} field as it was (untrusted bytes), or its field names if it had none
 * @param rejectedAt when it was rejected
 */
public record RejectedEntry(String id, String group, String stream, String entry, String type,
    String reason, byte[] raw, Instant rejectedAt) {

  @Override
  public String toString() {
    return "RejectedEntry[" + id + " " + stream + "/" + entry + " of group " + group + ": " + reason
        + "]";
  }
}
