-- A confirm job still undecided past the PG's confirm window (Toss: 10 minutes) is not retried, since a confirm after
-- the window cannot approve: after one last look-up by orderId it stays in REVIEW, with no outcome, for an operator.
-- The reconciler keeps looking its order up, so the order still ends when the PG answers; the job is then withdrawn.
ALTER TABLE pg_confirmations DROP CONSTRAINT pg_confirmations_state_check;
ALTER TABLE pg_confirmations
    ADD CONSTRAINT pg_confirmations_state_check CHECK (state IN ('PENDING', 'DONE', 'REVIEW'));
