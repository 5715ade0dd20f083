package dev.payments.schemas;

/** CloudEvents {@code source} values used by this project's own producers. Shops may use their own. */
public final class EventSources {

    public static final String API_EDGE = "/api-edge";
    public static final String WORKER = "/worker";

    private EventSources() {}
}
