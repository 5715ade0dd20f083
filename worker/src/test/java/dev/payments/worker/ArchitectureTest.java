package dev.payments.worker;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.metaAnnotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.payments.worker.pg.client.PgTransaction;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

/**
 * The worker's structure, as rules that fail the build when broken: a plain-Java domain, one way out (only the
 * outbox reaches the broker's producer), one data-access rule (no JPA; Boot's JDBC beans injected, never built),
 * one visible unit of work (no transaction callbacks), and packages that depend only downward.
 */
class ArchitectureTest {

    private static final JavaClasses WORKER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.payments.worker");

    @Test
    void theDomainIsPlainJava() {
        classes()
                .that()
                .resideInAPackage("dev.payments.worker.order")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.payments.schemas..", "dev.payments.worker.order")
                .because("the state machine is a pure function of (order, event, now): no Spring, Kafka, JDBC or JPA")
                .check(WORKER);
    }

    @Test
    void reconciliationMatchesInPlainJava() {
        classes()
                .that()
                .haveFullyQualifiedName("dev.payments.worker.reconcile.ledger.LedgerMatcher")
                .should()
                .onlyDependOnClassesThat(
                        resideInAnyPackage("java.lang..", "java.util..", "java.time..", "dev.payments.schemas..")
                                .or(equivalentTo(PgTransaction.class))
                                .or(resideInAPackage("dev.payments.worker.reconcile.ledger")
                                        .and(not(metaAnnotatedWith(Component.class)))))
                .because("the matching rules are a pure function of the PG's rows and our records, tested rule by rule"
                        + " like the state machine: no Spring, JDBC or HTTP")
                .check(WORKER);
    }

    @Test
    void onlyTheOutboxTalksToTheBroker() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.payments.worker.outbox..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka.clients.producer..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.kafka.core.KafkaTemplate")
                .because("every record the worker emits leaves through the outbox, committed with its decision")
                .check(WORKER);
    }

    @Test
    void theWorkerUsesNoJpa() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.persistence..", "org.hibernate..", "org.springframework.orm..")
                .because("every statement of the worker is on a hot path: plain JDBC (order/persistence/package-info)")
                .check(WORKER);
    }

    @Test
    void jdbcAccessUsesBootsBeans() {
        noClasses()
                .should()
                .callConstructor(org.springframework.jdbc.core.JdbcTemplate.class, javax.sql.DataSource.class)
                .orShould()
                .callMethod(org.springframework.jdbc.core.simple.JdbcClient.class, "create", javax.sql.DataSource.class)
                .orShould()
                .callMethod(
                        org.springframework.jdbc.core.simple.JdbcClient.class,
                        "create",
                        org.springframework.jdbc.core.JdbcOperations.class)
                .because("one JdbcTemplate and one JdbcClient, Boot's, configured in one place")
                .check(WORKER);
    }

    @Test
    void nothingHidesWorkInTransactionCallbacks() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.transaction.support.TransactionSynchronizationManager")
                .because("a batch's writes are all made by its UnitOfWork's writer, visibly, before the commit")
                .check(WORKER);
    }

    @Test
    void packagesDependOnlyDownward() {
        layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage("dev.payments.worker..")
                .layer("Application")
                .definedBy("dev.payments.worker")
                .layer("Messaging")
                .definedBy("dev.payments.worker.order.messaging..")
                .layer("Processing")
                .definedBy("dev.payments.worker.order.processing..")
                .layer("Sweeps")
                .definedBy("dev.payments.worker.expiry..", "dev.payments.worker.reconcile..")
                .layer("PgJobs")
                .definedBy(
                        "dev.payments.worker.pg.confirm..",
                        "dev.payments.worker.pg.deposit..",
                        "dev.payments.worker.pg.refund..",
                        "dev.payments.worker.pg.status..")
                .layer("PgMachinery")
                .definedBy("dev.payments.worker.pg.jobs..", "dev.payments.worker.pg.client..")
                .layer("Outbox")
                .definedBy("dev.payments.worker.outbox..")
                .layer("Auth")
                .definedBy("dev.payments.worker.auth..")
                .layer("Persistence")
                .definedBy("dev.payments.worker.order.persistence..")
                .layer("Domain")
                .definedBy("dev.payments.worker.order")
                .whereLayer("Application")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Messaging")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Processing")
                .mayOnlyBeAccessedByLayers("Messaging")
                .whereLayer("Sweeps")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("PgJobs")
                .mayOnlyBeAccessedByLayers("Processing", "Sweeps")
                .whereLayer("PgMachinery")
                .mayOnlyBeAccessedByLayers("PgJobs", "Sweeps")
                .whereLayer("Outbox")
                .mayOnlyBeAccessedByLayers("Processing", "Sweeps", "PgJobs", "PgMachinery")
                // the key: the outbox signs what leaves, the consumer checks what it reads; nothing else holds it
                .whereLayer("Auth")
                .mayOnlyBeAccessedByLayers("Outbox", "Processing")
                .whereLayer("Persistence")
                .mayOnlyBeAccessedByLayers("Processing")
                .whereLayer("Domain")
                .mayOnlyBeAccessedByLayers("Processing", "Persistence")
                .check(WORKER);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.payments.worker.(**)").should().beFreeOfCycles().check(WORKER);
    }
}
