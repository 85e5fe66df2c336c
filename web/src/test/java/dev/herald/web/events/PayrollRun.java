package dev.herald.web.events;

import dev.herald.annotations.Event;

/** An event no bridge in the tests lets out. */
@Event("payroll:run")
public record PayrollRun(String month) {}
