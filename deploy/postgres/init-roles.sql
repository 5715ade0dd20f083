-- The database users of the local stacks (docker compose and ./run-local.sh), in the shape production should copy
-- with its own passwords (docs/operations.md, "Database roles"). Run by a superuser, connected to the payments
-- database: docker compose runs it from /docker-entrypoint-initdb.d when its volume is first created, the launcher at
-- every start, so every statement is idempotent.
--
--   payments_owner       LOGIN: owns the database and its schema; the worker's Flyway runs as it (spring.flyway.user)
--   payments_worker_app  LOGIN, member of payments_worker: the worker at run time (spring.datasource.username)
--   payments_edge_app    LOGIN, member of payments_edge: the api-edge (spring.datasource.username)
--
-- The group roles payments_worker and payments_edge get their table privileges from the worker's migration
-- R__least_privilege.sql, run by payments_owner, which owns the tables.
--
-- !!! LOCAL DEVELOPMENT PASSWORDS ONLY !!! docker-compose.yml repeats them in x-local-dev-secrets (its
-- ComposeFileTest checks that they agree). Never reuse them anywhere else.

DO $$
DECLARE
    group_role text;
    login      record;
BEGIN
    FOREACH group_role IN ARRAY ARRAY['payments_worker', 'payments_edge'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = group_role) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', group_role);
        END IF;
    END LOOP;
    FOR login IN
        SELECT * FROM (VALUES
            ('payments_owner', 'owner-local-dev-password', NULL),
            ('payments_worker_app', 'worker-local-dev-password', 'payments_worker'),
            ('payments_edge_app', 'edge-local-dev-password', 'payments_edge')
        ) AS logins (name, password, member_of)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login.name) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', login.name);
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', login.name,
            login.password);
        IF login.member_of IS NOT NULL THEN
            EXECUTE format('GRANT %I TO %I', login.member_of, login.name);
        END IF;
    END LOOP;
END
$$;

-- The owner owns the database and its schema (so it may create tables there); nobody else may create anything in
-- it, and only the two groups may connect.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I OWNER TO payments_owner', current_database());
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO payments_worker, payments_edge', current_database());
END
$$;
ALTER SCHEMA public OWNER TO payments_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Tables created before these users existed (a launcher data folder from an older version, a database that ran
-- with one user) are handed to the owner, so its migrations can alter them and grant on them. A sequence that
-- belongs to a table column moves with its table.
DO $$
DECLARE
    relation record;
BEGIN
    FOR relation IN
        SELECT c.relname,
               CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                              WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind
          FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace
           AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
           AND c.relowner <> 'payments_owner'::regrole
           AND NOT EXISTS (SELECT FROM pg_depend d
                            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER %s public.%I OWNER TO payments_owner', relation.kind, relation.relname);
    END LOOP;
END
$$;
