-- Least privilege (docs/operations.md, "Database roles"): two group roles the login users of a deployment join.
--   payments_worker  the worker at run time: SELECT, INSERT, UPDATE, DELETE on its tables, USAGE on its sequences;
--                    no DDL (the schema belongs to the user that runs these migrations) and no write to Flyway's
--                    history table
--   payments_edge    the api-edge: SELECT on exactly the tables it reads, listed in edge_reads below
-- A repeatable migration: Flyway runs it after the versioned ones and again whenever this file changes, so every
-- statement is idempotent. When the edge starts reading another table, add it to edge_reads; a table the worker
-- gains later gets its privileges from the default privileges set here (when the same user migrates it).
--
-- Roles are cluster-wide and may not be creatable by the migrating user: a user with CREATEROLE (or a superuser)
-- creates a missing role (NOLOGIN, harmless where nobody joins it); any other user only grants to the roles that
-- exist (created beforehand, e.g. by deploy/postgres/init-roles.sql) and says with a NOTICE which ones it skipped.
-- Either way the services still run with one database user for everything, as docs/contract.md §6 allows.
DO $$
DECLARE
    edge_reads     CONSTANT text[] := ARRAY['orders', 'order_timeline', 'refunds'];
    history        CONSTANT text   := '${flyway:table}';
    may_create     boolean;
    group_role     text;
    relation       text;
BEGIN
    SELECT rolsuper OR rolcreaterole INTO may_create FROM pg_roles WHERE rolname = current_user;
    FOREACH group_role IN ARRAY ARRAY['payments_worker', 'payments_edge'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = group_role) THEN
            IF may_create THEN
                BEGIN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', group_role);
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    -- another database of this cluster migrated at the same moment and created it
                    NULL;
                END;
            ELSE
                RAISE NOTICE 'role % does not exist and % may not create roles: its privileges are not granted',
                    group_role, current_user;
            END IF;
        END IF;
    END LOOP;

    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'payments_worker') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO payments_worker', current_schema());
        FOR relation IN
            SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> history
        LOOP
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO payments_worker', relation);
        END LOOP;
        EXECUTE format('REVOKE ALL ON %I FROM payments_worker', history);
        EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO payments_worker', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES'
            ' TO payments_worker', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON SEQUENCES TO payments_worker',
            current_schema());
    END IF;

    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'payments_edge') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO payments_edge', current_schema());
        -- exactly the listed tables: a table dropped from the list loses its grant
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM payments_edge', current_schema());
        FOREACH relation IN ARRAY edge_reads LOOP
            EXECUTE format('GRANT SELECT ON %I TO payments_edge', relation);
        END LOOP;
    END IF;
END
$$;
