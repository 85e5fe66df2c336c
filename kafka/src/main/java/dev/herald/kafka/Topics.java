package dev.herald.kafka;

import dev.herald.runtime.TransportException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a transport uses, once each, before it first writes or reads them: event
 * topics with the configured partitions, dead-letter topics compacted (a purged letter is a
 * tombstone, and a letter stays until it is purged). With {@code createTopics(false)} it creates
 * nothing: the topics must exist, or the broker creates them on first use.
 */
final class Topics {

  private static final Map<String, String> DEAD_LETTER_CONFIG =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

  private final TransportSettings settings;
  private final Admin admin;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  Topics(TransportSettings settings, Admin admin) {
    this.settings = settings;
    this.admin = admin;
  }

  /** Ensures {@code topic}, an event topic, and its dead-letter topic exist; cheap once done. */
  void ensureEventTopic(String topic) {
    if (!known.contains(topic)) {
      ensure(List.of(topic));
    }
  }

  /** Ensures these event topics and their dead-letter topics exist. */
  void ensure(Collection<String> topics) {
    if (!settings.createTopics) {
      known.addAll(topics);
      return;
    }
    List<NewTopic> missing = new ArrayList<>();
    for (String topic : topics) {
      if (!known.contains(topic)) {
        missing.add(new NewTopic(topic, Optional.of(settings.partitions),
            Optional.of(settings.replicationFactor)));
        missing.add(new NewTopic(TopicLayout.deadLetterTopicOf(topic), Optional.of(1),
            Optional.of(settings.replicationFactor)).configs(DEAD_LETTER_CONFIG));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    admin.createTopics(missing).values().forEach((name, created) -> {
      try {
        created.get(settings.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new TransportException("Could not create Kafka topic " + name + " at "
              + settings.bootstrapServers + ": " + e.getCause() + ". Create it yourself, or let"
              + " the transport's principal create topics", e.getCause());
        }
      } catch (TimeoutException e) {
        throw new TransportException("Kafka at " + settings.bootstrapServers + " did not create"
            + " topic " + name + " within " + settings.publishTimeout, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException("Interrupted while creating Kafka topic " + name, e);
      }
    });
    known.addAll(topics);
  }
}
