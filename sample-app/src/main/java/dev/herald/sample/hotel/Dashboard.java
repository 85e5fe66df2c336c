package dev.herald.sample.hotel;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.sample.events.ConversationCreated;
import dev.herald.sample.events.ConversationResolved;
import dev.herald.sample.events.StaffOffline;
import dev.herald.sample.events.StaffOnline;
import dev.herald.sample.events.TaskCompleted;
import dev.herald.sample.events.TaskCreated;
import dev.herald.sample.events.TaskEvent;
import dev.herald.sample.events.WsClientAuthenticated;
import dev.herald.sample.events.WsClientConnected;
import dev.herald.sample.events.WsClientDisconnected;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The staff's live screen for one hotel: its task board and its open conversations (its activity
 * feed is {@link ActivityFeed}). Each colleague's dashboard connects over a WebSocket when their
 * shift starts.
 */
public final class Dashboard {

  private final EventBus bus;
  private final String hotel;
  private final LongAdder tasksOpened = new LongAdder();
  private final LongAdder tasksClosed = new LongAdder();
  private final LongAdder taskEvents = new LongAdder();
  private final AtomicInteger openConversations = new AtomicInteger();

  public Dashboard(EventBus bus, String hotel) {
    this.bus = bus;
    this.hotel = hotel;
  }

  /** One listener for all six task events, through their sealed interface. */
  @Subscribe
  void task(TaskEvent event) {
    taskEvents.increment();
    if (event instanceof TaskCreated) {
      tasksOpened.increment();
    } else if (event instanceof TaskCompleted) {
      tasksClosed.increment();
    }
  }

  /** Every conversation event, by name pattern, off the publisher's thread. */
  @Subscribe(value = "conversation:*", delivery = Delivery.ASYNC)
  void conversation(Envelope<?> event) {
    if (event.payload() instanceof ConversationCreated) {
      openConversations.incrementAndGet();
    } else if (event.payload() instanceof ConversationResolved) {
      openConversations.decrementAndGet();
    }
  }

  @Subscribe
  void staffOnline(StaffOnline staff) {
    String connection = "ws-" + hotel + "-" + staff.staffId();
    bus.publish(new WsClientConnected(connection, WsClientConnected.ClientType.DASHBOARD,
        "10.0.0." + (Math.abs(staff.staffId().hashCode()) % 250 + 2)));
    bus.publish(new WsClientAuthenticated(connection, staff.staffId(), staff.role(),
        staff.role().equals("manager") ? List.of("tasks:read", "tasks:write", "guests:read",
            "reports:read") : List.of("tasks:read", "tasks:write")));
  }

  @Subscribe
  void staffOffline(StaffOffline staff) {
    bus.publish(new WsClientDisconnected("ws-" + hotel + "-" + staff.staffId(), staff.staffId(),
        WsClientDisconnected.Reason.CLOSE));
  }

  public long tasksOpened() {
    return tasksOpened.sum();
  }

  public long tasksClosed() {
    return tasksClosed.sum();
  }

  public int openConversations() {
    return openConversations.get();
  }
}
