package dev.herald.spring.boot.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.spring.boot.fixtures.RoomBooked;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.sqlite.SQLiteDataSource;

/**
 * Publishing after commit on a real database (a SQLite file) with Spring's
 * DataSourceTransactionManager: what a listener hears, and when, against what was committed.
 */
class TransactionalEventPublisherTest {

  @TempDir
  Path dir;

  private EventBus bus;
  private JdbcTemplate jdbc;
  private TransactionTemplate transactions;
  private TransactionalEventPublisher events;
  private final List<String> heard = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + dir.resolve("hotel.db"));
    jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("CREATE TABLE bookings (room TEXT PRIMARY KEY)");
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    bus = EventBus.builder().build();
    // What the listener sees committed when it hears the event: it runs after the commit.
    bus.subscribe(RoomBooked.class, booked -> heard.add(booked.roomId() + " committed="
        + (count(booked.roomId()) == 1)));
    events = new TransactionalEventPublisher(bus, new AfterCommitEventSink(bus),
        WithoutTransaction.PUBLISH);
  }

  @AfterEach
  void tearDown() {
    bus.close();
  }

  @Test
  void eventsOfACommittedTransactionArePublishedAfterTheCommitInOrder() {
    transactions.executeWithoutResult(status -> {
      book("101");
      book("102");
      assertThat(heard).as("nothing is published before the commit").isEmpty();
    });
    assertThat(heard).containsExactly("101 committed=true", "102 committed=true");
  }

  @Test
  void eventsOfARolledBackTransactionAreDropped() {
    assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
      book("101");
      throw new IllegalStateException("the guest cancelled");
    })).hasMessage("the guest cancelled");
    transactions.executeWithoutResult(status -> {
      book("102");
      status.setRollbackOnly();
    });
    assertThat(heard).isEmpty();
    assertThat(count("101") + count("102")).isZero();
  }

  @Test
  void anInnerTransactionPublishesWhenItCommitsWhateverTheOuterOneDoes() {
    TransactionTemplate requiresNew = new TransactionTemplate(
        transactions.getTransactionManager(), new org.springframework.transaction.support
            .DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW));
    // SQLite has one writer: the inner transaction writes before the outer one does.
    transactions.executeWithoutResult(outer -> {
      requiresNew.executeWithoutResult(inner -> book("201"));
      assertThat(heard).containsExactly("201 committed=true");
      outer.setRollbackOnly();
      book("202");
    });
    assertThat(heard).containsExactly("201 committed=true");
  }

  @Test
  void withoutATransactionItPublishesAtOnceOrFailsAsConfigured() {
    events.publishAfterCommit(new RoomBooked("301"));
    assertThat(heard).containsExactly("301 committed=false");

    TransactionalEventPublisher strict = new TransactionalEventPublisher(bus,
        new AfterCommitEventSink(bus), WithoutTransaction.FAIL);
    assertThatThrownBy(() -> strict.publishAfterCommit(new RoomBooked("302")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside a transaction")
        .hasMessageContaining("herald.transactions.without-transaction");
  }

  @Test
  void aPayloadThatIsNoEventFailsInsideTheTransaction() {
    record NotAnEvent(String x) {}
    assertThatThrownBy(() -> transactions.executeWithoutResult(status ->
        events.publishAfterCommit(new NotAnEvent("x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NotAnEvent is no event of bus 'herald'");
  }

  @Test
  void publishFailuresAfterCommitReachTheCommitterTogetherAndTheDataStaysCommitted() {
    EventBus closed = EventBus.builder().build();
    TransactionalEventPublisher toClosed = new TransactionalEventPublisher(closed,
        new AfterCommitEventSink(closed), WithoutTransaction.PUBLISH);
    closed.close();
    assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
      jdbc.update("INSERT INTO bookings (room) VALUES ('401')");
      toClosed.publishAfterCommit(new RoomBooked("401"), Metadata.none());
      toClosed.publishAfterCommit(new RoomBooked("402"), Metadata.none());
    })).isInstanceOf(BusClosedException.class)
        .satisfies(first -> assertThat(first.getSuppressed()).as("the second event was tried too")
            .singleElement().isInstanceOf(BusClosedException.class));
    assertThat(count("401")).as("committed all the same").isEqualTo(1);
  }

  private void book(String room) {
    jdbc.update("INSERT INTO bookings (room) VALUES (?)", room);
    events.publishAfterCommit(new RoomBooked(room));
  }

  private int count(String room) {
    Integer rows = jdbc.queryForObject("SELECT count(*) FROM bookings WHERE room = ?",
        Integer.class, room);
    return rows == null ? 0 : rows;
  }
}
