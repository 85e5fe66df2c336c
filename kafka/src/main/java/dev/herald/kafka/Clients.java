package dev.herald.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The kafka-clients a transport runs on, configured from its settings: the transport's own
 * properties first, then the user's ({@code producerProperty}, {@code consumerProperty}) over them,
 * except for the serializers, which must stay byte arrays.
 */
final class Clients {

  private Clients() {}

  /** An idempotent producer whose sends complete when every in-sync replica has the record. */
  static KafkaProducer<byte[], byte[]> producer(TransportSettings settings, String clientId) {
    Map<String, Object> props = common(settings, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    // One request in flight per broker: records still travel in batches (linger.ms), and a batch
    // retried after a transient error (a partition created a moment ago, a leader moving) is never
    // overtaken by the next one, which the broker would refuse as OUT_OF_ORDER_SEQUENCE_NUMBER
    // again and again (seen with pipelined bursts on a new topic). producerProperty can raise it.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.putAll(settings.producerProperties);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  /**
   * A consumer of {@code group} (null: none, for reading dead-letter topics by assignment) that
   * never commits on its own.
   */
  static KafkaConsumer<byte[], byte[]> consumer(TransportSettings settings, String group,
      String clientId) {
    Map<String, Object> props = common(settings, clientId);
    if (group != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        settings.startFromEarliest || group == null ? "earliest" : "latest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize);
    props.putAll(settings.consumerProperties);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        ByteArrayDeserializer.class.getName());
    if (group == null) {
      props.remove(ConsumerConfig.GROUP_ID_CONFIG);
      props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }
    return new KafkaConsumer<>(props);
  }

  /** An admin client, for creating and listing topics; it takes the consumer's properties. */
  static Admin admin(TransportSettings settings, String clientId) {
    Map<String, Object> props = common(settings, clientId);
    for (Map.Entry<String, Object> entry : settings.consumerProperties.entrySet()) {
      if (AdminClientConfig.configNames().contains(entry.getKey())) {
        props.put(entry.getKey(), entry.getValue());
      }
    }
    return Admin.create(props);
  }

  private static Map<String, Object> common(TransportSettings settings, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    return props;
  }
}
