package dev.herald.sample.events;

/** Why a conversation needs a person. */
public enum EscalationReason {
  LOW_CONFIDENCE,
  NEGATIVE_SENTIMENT,
  EXPLICIT_REQUEST,
  COMPLEX_REQUEST,
  COMPLAINT,
  VIP_GUEST,
  REPEATED_FAILURE
}
