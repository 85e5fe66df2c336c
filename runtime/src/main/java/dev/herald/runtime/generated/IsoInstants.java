package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;

/**
 * Instants as ISO-8601 / RFC 3339 text in UTC, without {@code java.time}'s general-purpose
 * formatter and parser: the text of {@link Instant#toString()} is written straight into the
 * generator, and the same form is parsed without a {@code DateTimeFormatter}. Years 0000 to 9999
 * take this path; others, and any other form {@link Instant#parse} accepts, go to
 * {@code java.time}.
 */
final class IsoInstants {

  /** 0000-01-01 and 9999-12-31, in days since 1970-01-01. */
  private static final long MIN_FAST_DAY = -719_528L;
  private static final long MAX_FAST_DAY = 2_932_896L;

  private IsoInstants() {}

  /** Writes {@code value} as a JSON string, the same text as {@link Instant#toString()}. */
  static void write(JsonGenerator generator, Instant value) throws IOException {
    long seconds = value.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400L);
    if (days < MIN_FAST_DAY || days > MAX_FAST_DAY) {
      generator.writeString(value.toString());
      return;
    }
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date
    // Algorithms"), in eras of 400 years that start on March 1st.
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    int dayOfEra = (int) (z - era * 146_097L);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

    char[] text = new char[30];
    digits(text, 0, year / 100);
    digits(text, 2, year % 100);
    text[4] = '-';
    digits(text, 5, month);
    text[7] = '-';
    digits(text, 8, day);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3600);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60);
    int length = 19;
    int nanos = value.getNano();
    if (nanos != 0) {
      // As Instant.toString(): 3, 6 or 9 digits, the fewest that hold the fraction.
      text[length++] = '.';
      int groups = nanos % 1_000_000 == 0 ? 1 : nanos % 1000 == 0 ? 2 : 3;
      int fraction = groups == 1 ? nanos / 1_000_000 : groups == 2 ? nanos / 1000 : nanos;
      int end = length + 3 * groups;
      for (int i = end - 1; i >= length; i--) {
        text[i] = (char) ('0' + fraction % 10);
        fraction /= 10;
      }
      length = end;
    }
    text[length++] = 'Z';
    generator.writeString(text, 0, length);
  }

  private static void digits(char[] text, int at, int twoDigits) {
    text[at] = (char) ('0' + twoDigits / 10);
    text[at + 1] = (char) ('0' + twoDigits % 10);
  }

  /** What {@link Instant#parse} parses; see {@link JsonSupport#parseInstant}. */
  static Instant parse(String text) {
    Instant fast = parseUtc(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /** See {@link JsonSupport#parseUtc}. */
  static Instant parseUtc(String text) {
    int length = text.length();
    if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
        || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    int second = number(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (length > 20) {
      int digits = length - 21;
      if (text.charAt(19) != '.' || digits < 1) {
        return null;
      }
      nanos = number(text, 20, digits);
      if (nanos < 0) {
        return null;
      }
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    // Days since 1970-01-01 of a civil date (the inverse of write's algorithm).
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    long days = era * 146_097L + dayOfEra - 719_468L;
    return Instant.ofEpochSecond(days * 86_400L + hour * 3600 + minute * 60 + second, nanos);
  }

  /** The decimal number of {@code count} ASCII digits at {@code at}, or -1. */
  private static int number(String text, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int monthLength(int year, int month) {
    if (month == 2) {
      boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }
}
