package dev.herald.sample.hotel;

import dev.herald.sample.events.AiIntentClassified.Polarity;
import dev.herald.sample.events.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The AI engine's understanding of a message, by keywords: no model, no network, the same answer for
 * the same words. What matters for the sample is the events it leads to, not the linguistics.
 */
final class IntentRules {

  /** What kind of thing a guest wants. */
  enum Kind {
    /** A question the knowledge base answers. */
    INFO,
    /** Something staff must do; a task. */
    SERVICE,
    COMPLAINT,
    /** The guest asks for a person. */
    HUMAN,
    THANKS,
    UNKNOWN
  }

  /** One intent the rules know. {@code taskType} is set for SERVICE intents. */
  record Intent(String name, Kind kind, TaskType taskType, String answer, List<String> keywords) {}

  /** What the rules made of one message. */
  record Reading(Intent intent, double confidence, List<Intent> alsoMentioned, double sentiment,
      Polarity polarity) {}

  static final Intent UNKNOWN = new Intent("unknown", Kind.UNKNOWN, null,
      "I'm sorry, I didn't quite catch that. Could you tell me a little more?", List.of());

  private static final List<Intent> INTENTS = List.of(
      new Intent("request.late_checkout", Kind.SERVICE, TaskType.SERVICE_REQUEST,
          "I've asked the front desk about a late checkout for you.", List.of("late checkout")),
      new Intent("inquiry.checkout", Kind.INFO, null,
          "Checkout is until 11:00; just leave your key at the front desk.",
          List.of("checkout", "check-out")),
      new Intent("inquiry.wifi", Kind.INFO, null,
          "The network is 'Guest', and the password is on the card by your bed.",
          List.of("wifi", "wi-fi", "internet", "password")),
      new Intent("inquiry.breakfast", Kind.INFO, null,
          "Breakfast is served from 06:30 to 10:30 on the ground floor.", List.of("breakfast")),
      new Intent("inquiry.amenities", Kind.INFO, null,
          "The pool and the gym are open from 07:00 to 22:00.", List.of("pool", "gym", "spa")),
      new Intent("inquiry.parking", Kind.INFO, null,
          "Our garage is round the back; tell the front desk your plate number.",
          List.of("park", "parking", "garage")),
      new Intent("request.housekeeping", Kind.SERVICE, TaskType.HOUSEKEEPING,
          "Housekeeping is on its way.",
          List.of("towel", "pillow", "cleaned", "clean", "sheets", "minibar")),
      new Intent("request.maintenance", Kind.SERVICE, TaskType.MAINTENANCE,
          "I've sent maintenance to your room.",
          List.of("not working", "broken", "air conditioning", "shower", "leak")),
      new Intent("request.concierge", Kind.SERVICE, TaskType.CONCIERGE,
          "Our concierge is arranging it and will confirm shortly.",
          List.of("taxi", "restaurant", "book", "tickets")),
      new Intent("complaint", Kind.COMPLAINT, TaskType.COMPLAINT, "",
          List.of("unacceptable", "worst", "disappointed", "terrible", "noise", "dirty",
              "nobody answered")),
      new Intent("request.human", Kind.HUMAN, TaskType.ESCALATION, "",
          List.of("manager", "real person", "speak to", "talk to")),
      new Intent("feedback.positive", Kind.THANKS, null, "Thank you! We're delighted you're happy.",
          List.of("thank", "perfect", "lovely", "wonderful")));

  private static final List<String> NEGATIVE = List.of("unacceptable", "worst", "terrible",
      "disappointed", "dirty", "not working", "broken", "again", "still", "nobody", "!", "now");
  private static final List<String> POSITIVE = List.of("thank", "perfect", "lovely", "wonderful",
      "please");

  private IntentRules() {}

  static Reading read(String message) {
    String text = message.toLowerCase(Locale.ROOT);
    Intent best = UNKNOWN;
    int bestHits = 0;
    List<Intent> mentioned = new ArrayList<>();
    for (Intent intent : INTENTS) {
      int hits = hits(text, intent.keywords());
      if (hits > 0) {
        mentioned.add(intent);
      }
      // The most specific kind wins: a person asked for beats a complaint beats a request.
      if (hits > 0 && (best == UNKNOWN || rank(intent) > rank(best)
          || rank(intent) == rank(best) && hits > bestHits)) {
        best = intent;
        bestHits = hits;
      }
    }
    double confidence = best == UNKNOWN ? 0.3 : Math.min(0.97, 0.62 + 0.12 * bestHits);
    if (text.length() < 12) {
      confidence -= 0.2;
    }
    double sentiment = Math.max(-1, Math.min(1,
        0.35 * hits(text, POSITIVE) - 0.3 * hits(text, NEGATIVE)));
    Polarity polarity = sentiment <= -0.3 ? Polarity.NEGATIVE
        : sentiment >= 0.3 ? Polarity.POSITIVE : Polarity.NEUTRAL;
    mentioned.remove(best);
    return new Reading(best, Math.max(0.05, confidence), List.copyOf(mentioned), sentiment,
        polarity);
  }

  private static int rank(Intent intent) {
    return switch (intent.kind()) {
      case HUMAN -> 4;
      case COMPLAINT -> 3;
      case SERVICE -> 2;
      case INFO, THANKS -> 1;
      case UNKNOWN -> 0;
    };
  }

  private static int hits(String text, List<String> words) {
    int hits = 0;
    for (String word : words) {
      if (text.contains(word)) {
        hits++;
      }
    }
    return hits;
  }
}
