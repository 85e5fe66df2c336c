package dev.herald.kafka;

/**
 * How an envelope is laid out in a Kafka record, after the CloudEvents Kafka protocol binding.
 * Either way the record key is the event's ordering key ({@link KafkaTransport}); a consumer reads
 * both modes, whichever it was configured to write, telling them apart by the record's
 * {@code content-type} header.
 */
public enum Encoding {

  /**
   * The value is the whole event as CloudEvents JSON ({@code application/cloudevents+json}, also
   * the {@code content-type} header); tools that read JSON see everything in one document.
   */
  STRUCTURED,

  /**
   * The value is the event's data (its JSON payload) and each CloudEvents attribute is a header
   * {@code ce_<attribute>} ({@code ce_id}, {@code ce_type}, {@code ce_eventversion}...), with
   * {@code content-type: application/json}; brokers' tools and filters see attributes without
   * parsing the value.
   */
  BINARY
}
