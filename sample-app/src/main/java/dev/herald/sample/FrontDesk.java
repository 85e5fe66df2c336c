package dev.herald.sample;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.sample.events.ConversationEscalated;
import dev.herald.sample.events.IntentClassified;
import dev.herald.sample.events.MessageReceived;
import dev.herald.sample.events.TaskCreated;
import dev.herald.sample.events.TaskEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The front desk's screen: what staff see as guests write and tasks appear. */
final class FrontDesk {

  private final List<String> screen = new CopyOnWriteArrayList<>();

  @Subscribe
  void on(MessageReceived message) {
    screen.add("message from " + message.guestId() + " on " + message.channel());
  }

  @Subscribe(priority = 10)
  void audit(Envelope<TaskCreated> task) {
    screen.add("task " + task.payload().taskId() + " opened, caused by " + task.causationId());
  }

  @Subscribe
  void anyTask(TaskEvent task) {
    screen.add("task board refresh for " + task.taskId());
  }

  @Subscribe(value = "ai:#", delivery = Delivery.ASYNC, maxAttempts = 5)
  void ai(Envelope<?> event) {
    if (event.payload() instanceof IntentClassified intent) {
      screen.add("AI: intent " + intent.intent() + " (" + intent.confidence() + ")");
    }
  }

  @Subscribe(delivery = Delivery.ORDERED)
  void escalated(ConversationEscalated escalation) {
    screen.add("ESCALATED " + escalation.conversationId() + ": " + escalation.reason());
  }

  List<String> screen() {
    return screen;
  }
}
