package dev.herald.kafka;

import dev.herald.annotations.EventNames;

/**
 * Which Kafka topic an event travels on, under the transport's topic prefix. Event names become
 * topic names with their {@code :} separators turned into dots. Every version of an event shares its
 * topic, so a consumer with older contracts sees newer versions (and dead-letters them, see
 * {@link KafkaTransport}). Each topic's dead letters go to the topic of the same name with the
 * suffix {@value #DEAD_LETTER_SUFFIX}.
 */
public enum TopicLayout {

  /** One topic per event name: {@code room:booked} travels on {@code <prefix>.room.booked}. */
  PER_EVENT_TYPE,

  /**
   * One topic per domain, the event name's first segment: {@code room:booked} and
   * {@code room:cancelled} share {@code <prefix>.room}, and events of one key keep their relative
   * order across the two types.
   */
  PER_DOMAIN;

  /** The suffix of a dead-letter topic: {@code herald.room.booked.DLT}. */
  public static final String DEAD_LETTER_SUFFIX = ".DLT";

  /** The topic of event {@code name} under {@code prefix}. */
  public String topicOf(String prefix, String name) {
    String suffix = this == PER_DOMAIN ? EventNames.segments(name).get(0) : name.replace(':', '.');
    return prefix + "." + suffix;
  }

  /** The dead-letter topic of {@code topic}. */
  public static String deadLetterTopicOf(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }
}
