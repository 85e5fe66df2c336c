package dev.herald.sample.simulation;

import java.util.Random;

/**
 * Every decision the simulation leaves to chance, fixed by the seed and a name for the decision
 * ({@code "provider-fails:m-gb-007-3#2"}), never by which thread gets there first: the same seed tells
 * the same story however the bus schedules its work.
 */
public final class Dice {

  private final long seed;

  public Dice(long seed) {
    this.seed = seed;
  }

  /** A number in [0, 1) fixed by the seed and {@code decision}. */
  public double roll(String decision) {
    long bits = mix(seed ^ mix(fnv1a(decision)));
    return (bits >>> 11) * 0x1.0p-53;
  }

  /** True with probability {@code p}. */
  public boolean chance(double p, String decision) {
    return roll(decision) < p;
  }

  /** A number in [0, bound). */
  public int below(int bound, String decision) {
    return (int) (roll(decision) * bound);
  }

  /** A generator of its own, for making many choices about one thing (a guest's plan) in a row. */
  public Random random(String subject) {
    return new Random(mix(seed ^ fnv1a(subject)));
  }

  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
