package dev.herald.runtime.wire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which known names a misspelt one is closest to, by edit distance (insertions, deletions,
 * substitutions): for "did you mean" in an error, so that it names a few candidates instead of
 * every known one. Run only when something failed; callers bound the input's length.
 */
final class TypoDistance {

  private TypoDistance() {}

  /**
   * Up to {@code limit} of {@code known}, closest first (ties by name), that are within a third of
   * the longer name's length of {@code name}; none if nothing is that close.
   */
  static List<String> closest(String name, Collection<String> known, int limit) {
    record Candidate(String name, int distance) {}
    List<Candidate> candidates = new ArrayList<>();
    for (String candidate : known) {
      int distance = distance(name, candidate);
      if (distance <= Math.max(2, Math.max(name.length(), candidate.length()) / 3)) {
        candidates.add(new Candidate(candidate, distance));
      }
    }
    return candidates.stream()
        .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
        .limit(limit)
        .map(Candidate::name)
        .toList();
  }

  /** Levenshtein distance, in two rows. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
