package dev.payments.worker.testing;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.worker.auth.EventAuthenticator;
import dev.payments.worker.auth.EventKeyProperties;

/**
 * Tests' one way to sign an event as a worker does. An integration test signs with its context's
 * {@link EventAuthenticator} (the key the worker under test holds); {@link #signedWith} signs with any other key, for a
 * forger's or a rotated-out key.
 */
public final class WorkerEvents {

    private WorkerEvents() {}

    /** {@code event} with a proof under {@code key}, as a worker holding that key would write it. */
    public static <T extends EventData> CloudEvent<T> signedWith(String key, CloudEvent<T> event) {
        return new EventAuthenticator(new EventKeyProperties(key, null, null)).sign(event);
    }
}
