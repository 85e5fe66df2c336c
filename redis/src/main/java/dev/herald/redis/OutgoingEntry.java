package dev.herald.redis;

/**
 * One published envelope on its way to its stream: what {@code XADD} appends.
 *
 * @param stream the stream key
 * @param type the event name, for the entry's {@code type} field
 * @param json the envelope as CloudEvents JSON, for the entry's {@code event} field
 * @param eventId the envelope's id, for messages
 */
record OutgoingEntry(String stream, String type, byte[] json, String eventId) {

  @Override
  public String toString() {
    return type + " " + eventId;
  }
}
