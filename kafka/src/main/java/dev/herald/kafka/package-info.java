/**
 * Herald's events between processes on Apache Kafka: {@link dev.herald.kafka.KafkaTransport} plugs
 * into {@code EventBus.builder().transport(...)}, {@link dev.herald.kafka.KafkaDeadLetterStore} is
 * a dead-letter store over the dead-letter topics.
 *
 * <h2>How the transport works</h2>
 *
 * <p><b>On the wire</b>, an event is one record on the topic its
 * {@link dev.herald.kafka.TopicLayout} names, keyed by its ordering key, in the CloudEvents Kafka
 * binding's structured or binary mode ({@link dev.herald.kafka.Encoding}).
 *
 * <p><b>Consuming</b>: every service is a consumer group, every process one consumer in it. One
 * thread per process polls and hands records to the bus in partition order; a partition's offset is
 * committed past the longest prefix of records that settled (every local listener succeeded, or the
 * record was dead-lettered), after each poll, and synchronously when partitions are revoked or the
 * transport closes. At {@code maxInFlight} unsettled records the consumer pauses its partitions.
 *
 * <p><b>Failures</b>: a failed record is delivered again after a backoff, up to
 * {@code maxDeliveries}, then written to {@code <topic>.DLT} with the error in {@code herald.dlt.*}
 * headers; a record that is no event of the bus's contracts is written there at once. Either way it
 * is then committed, so it never blocks its partition.
 *
 * <h2>Inside</h2>
 *
 * <p>{@code KafkaTransport} is a facade over package-private classes, one job each:
 * {@code TransportSettings} (what the builder fills), {@code Clients} (kafka-clients
 * configuration), {@code Topics} (creates them), {@code RecordCodec} (envelopes as records),
 * {@code Publisher}, {@code ConsumerLoop} (polls, commits, pauses), {@code PartitionLedger} (what
 * may be committed), {@code Intake} (decodes, delivers, redelivers), {@code Settlement} (outcomes to
 * commit, redelivery or dead letter), {@code InFlight}, {@code DeadLetterTopics} and
 * {@code LetterHeaders} (dead letters as records).
 */
package dev.herald.kafka;
