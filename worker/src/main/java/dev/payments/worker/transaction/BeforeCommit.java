package dev.payments.worker.transaction;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A buffer bound to the caller's transaction and written just before it commits: a poll batch makes hundreds of
 * requests of one kind (outbox records, confirm jobs), and writing them together is one round trip where writing each
 * as it is made would be hundreds, all on the ordered consumer path.
 */
public final class BeforeCommit {

    private BeforeCommit() {}

    /**
     * The transaction's buffer under {@code key}, created on first use. {@code write} runs once just before the
     * transaction commits (if it throws, the transaction rolls back and the caller sees the exception);
     * {@code afterCommit} once it has committed. After a rollback neither runs and the buffer is dropped.
     *
     * @throws IllegalStateException outside a transaction: what the buffer holds would never be written
     */
    public static <B> B buffer(Object key, Supplier<B> create, Consumer<B> write, Consumer<B> afterCommit) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException(key + ": requests are made inside the transaction that decides them");
        }
        @SuppressWarnings("unchecked")
        B buffer = (B) TransactionSynchronizationManager.getResource(key);
        if (buffer != null) {
            return buffer;
        }
        B created = create.get();
        TransactionSynchronizationManager.bindResource(key, created);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                write.accept(created);
            }

            @Override
            public void afterCommit() {
                afterCommit.accept(created);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
        return created;
    }
}
