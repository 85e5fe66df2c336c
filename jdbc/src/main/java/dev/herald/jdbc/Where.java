package dev.herald.jdbc;

import dev.herald.annotations.EventNames;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code WHERE} clause and its parameters, built from a query's filters. Name patterns become a
 * coarse, index-friendly range on the type column (its first segment, when that is literal); the
 * store checks the exact pattern in Java on every row the range lets through.
 */
final class Where {

  private final StringBuilder sql = new StringBuilder();
  private final List<Object> parameters = new ArrayList<>();

  /** Adds {@code condition} with its {@code ?} parameters. */
  Where and(String condition, Object... values) {
    sql.append(sql.length() == 0 ? " WHERE " : " AND ").append(condition);
    parameters.addAll(List.of(values));
    return this;
  }

  /**
   * Narrows {@code column} to the names whose first segment is the pattern's first segment, when
   * that is literal ({@code task:*} keeps {@code task...}); a pattern starting with a wildcard adds
   * nothing.
   */
  Where typeRange(String column, String pattern) {
    if (pattern == null) {
      return this;
    }
    String first = EventNames.segments(pattern).get(0);
    if (first.equals("*") || first.equals("#")) {
      return this;
    }
    // Segment characters are [a-z0-9_-]; the next code point after the last one bounds the range.
    String upper = first.substring(0, first.length() - 1)
        + (char) (first.charAt(first.length() - 1) + 1);
    return and(column + " >= ? AND " + column + " < ?", first, upper);
  }

  @Override
  public String toString() {
    return sql.toString();
  }

  /** Binds the parameters from index 1; returns the next free index. */
  int bind(PreparedStatement statement) throws SQLException {
    int index = 1;
    for (Object value : parameters) {
      statement.setObject(index++, value);
    }
    return index;
  }
}
