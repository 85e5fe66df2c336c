package dev.herald.sample;

/** Placeholder while the day simulation is written. */
public final class Concierge {
  private Concierge() {}

  public static void main(String[] args) {
    System.out.println("Good night from Jack the Butler.");
  }
}
