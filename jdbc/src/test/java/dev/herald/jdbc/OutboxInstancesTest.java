package dev.herald.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.jdbc.contracts.TaskCreated;
import dev.herald.runtime.EventBus;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two relay instances (each with its own bus and connection, as two processes would have) share one
 * outbox while two threads publish: every entry is delivered, duplicates are counted and reported,
 * and with per-key order each board's tasks arrive in publish order across both instances.
 */
class OutboxInstancesTest {

  private static final int WRITERS = 2;
  private static final int PER_WRITER = 300;
  private static final int BOARDS = 12;

  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(Databases.class)
  void twoInstancesDeliverEveryEntryOnceAndKeepEachKeysOrder(Databases kind) throws Exception {
    DataSource source = kind.create(directory);
    Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    List<TaskCreated> order = new ArrayList<>();
    Map<String, AtomicLong> byInstance = new ConcurrentHashMap<>();
    List<AutoCloseable> open = new ArrayList<>();
    try {
      for (String instance : List.of("relay-a", "relay-b")) {
        EventBus bus = EventBus.builder().source(instance).build();
        open.add(bus);
        bus.subscribeEnvelopes(dev.herald.jdbc.contracts.EventMap.TASK_CREATED, envelope -> {
          deliveries.merge(envelope.id(), 1, Integer::sum);
          byInstance.computeIfAbsent(instance, i -> new AtomicLong()).incrementAndGet();
          synchronized (order) {
            order.add(envelope.payload());
          }
        }, dev.herald.runtime.SubscribeOptions.defaults());
        open.add(Outbox.builder(source, bus).instance(instance).orderByKey(true).batchSize(50)
            .pollInterval(Duration.ofMillis(20)).completion(OutboxCompletion.DELETE).build());
      }
      Outbox publisher = (Outbox) open.get(1);
      Thread[] writers = new Thread[WRITERS];
      Throwable[] failures = new Throwable[WRITERS];
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers[w] = new Thread(() -> {
          try (Connection connection = source.getConnection()) {
            connection.setAutoCommit(false);
            for (int n = 0; n < PER_WRITER; n++) {
              String board = "board-" + (writer * BOARDS / WRITERS + n % (BOARDS / WRITERS));
              publisher.publish(connection, new TaskCreated(board, n, "t"));
              connection.commit();
            }
          } catch (Throwable t) {
            failures[writer] = t;
          }
        });
        writers[w].start();
      }
      for (Thread writer : writers) {
        writer.join();
      }
      assertThat(failures).containsOnlyNulls();
      OutboxTest.await(() -> deliveries.size() == WRITERS * PER_WRITER);
      OutboxTest.await(() -> publisher.stats().pending() == 0);
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }

    long delivered = deliveries.values().stream().mapToLong(Integer::longValue).sum();
    System.out.printf("Two outbox relays on %s: entries=%d delivered=%d duplicates=%d"
            + " (relay-a %s, relay-b %s)%n", kind, WRITERS * PER_WRITER, delivered,
        delivered - deliveries.size(), byInstance.get("relay-a"), byInstance.get("relay-b"));
    assertThat(deliveries).hasSize(WRITERS * PER_WRITER);
    assertThat(delivered - deliveries.size()).as("duplicates without a crash or lost lease")
        .isZero();
    Map<String, Long> last = new HashMap<>();
    for (TaskCreated task : order) {
      Long previous = last.put(task.board(), task.number());
      assertThat(previous == null ? -1 : previous).as("order of %s", task.board())
          .isLessThan(task.number());
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void anEntryClaimedByAnInstanceThatDiedIsRelayedOnceItsLeaseRunsOut(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    try (EventBus bus = EventBus.builder().build();
        Outbox outbox = Outbox.builder(source, bus).relay(false).lease(Duration.ofMillis(300))
            .build();
        Connection connection = source.getConnection()) {
      List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
      bus.subscribe("#", envelope -> heard.add(envelope.id()));
      String id = outbox.publish(connection, new TaskCreated("b", 1, "t")).id();
      // Another instance claims it and dies: its lease ends in 200 ms.
      JdbcStoresOnBothDatabasesTest.execute(source, "UPDATE herald_outbox SET lease_owner ="
          + " 'dead', attempts = 1, lease_until = '"
          + Database.sortable(java.time.Instant.now().plusMillis(200)) + "'");
      assertThat(outbox.relayNow()).as("leased by another instance").isZero();
      OutboxTest.await(() -> outbox.relayNow() == 1);
      assertThat(heard).containsExactly(id);
      assertThat(outbox.entries(OutboxQuery.in(OutboxEntry.State.COMPLETED)))
          .singleElement().extracting(OutboxEntry::attempts).isEqualTo(2);
    }
  }
}
