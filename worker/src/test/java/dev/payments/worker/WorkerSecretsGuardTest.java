package dev.payments.worker;

import dev.payments.testsupport.SecretsGuardContract;
import java.util.List;
import java.util.Map;

/**
 * The worker's start-up guard on worker.yml and worker-local.yml: its PG secret key, its event key (an HMAC key) and
 * the PG's URL (where the secret key is sent).
 */
class WorkerSecretsGuardTest extends SecretsGuardContract {

    WorkerSecretsGuardTest() {
        super(new GuardedService(
                WorkerApplication::builder,
                WorkerApplication::secretsGuard,
                WorkerApplication.CONFIG_NAME,
                Map.of(
                        "payments.pg.secret-key", "live_sk_from_the_secret_store",
                        "payments.worker.event-key", "event-key-from-the-secret-store-0123456789",
                        "payments.pg.base-url", "https://api.tosspayments.com"),
                List.of("payments.pg.secret-key", "payments.worker.event-key"),
                List.of("payments.worker.event-key"),
                List.of("payments.pg.base-url")));
    }
}
