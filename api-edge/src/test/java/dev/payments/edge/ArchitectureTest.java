package dev.payments.edge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import org.hibernate.annotations.Immutable;
import org.springframework.data.repository.Repository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.RestController;

/**
 * The edge's structure, as a test that fails when it is broken.
 *
 * <ul>
 *   <li>{@code dev.payments.edge} (the application, its properties, its one way to Kafka) uses none of its packages;
 *   <li>{@code web} is HTTP plumbing that knows no feature: it uses only the root package (the properties, and the
 *       publisher's "not accepted" to answer 503); feature errors reach it as Spring's {@code ErrorResponseException};
 *   <li>the features ({@code order}, {@code readmodel}, {@code pg}) use web and the root package, never each other;
 *   <li>{@code benchmark} is used by nothing.
 * </ul>
 */
@AnalyzeClasses(packages = "dev.payments.edge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theEdgeNeverReferencesTheWorker = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.payments.worker..")
            .because("the edge and the worker share only the contract in schemas (and the worker's tables, read-only)");

    @ArchTest
    static final ArchRule packagesDependOnlyDownward = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Order")
            .definedBy("dev.payments.edge.order..")
            .layer("Read model")
            .definedBy("dev.payments.edge.readmodel..")
            .layer("PG")
            .definedBy("dev.payments.edge.pg..")
            .layer("Benchmark")
            .definedBy("dev.payments.edge.benchmark..")
            .layer("Web")
            .definedBy("dev.payments.edge.web..")
            .layer("Edge")
            .definedBy("dev.payments.edge")
            .whereLayer("Order")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Read model")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("PG")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Benchmark")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Web")
            .mayOnlyBeAccessedByLayers("Order", "Read model", "PG")
            .whereLayer("Edge")
            .mayOnlyBeAccessedByLayers("Order", "Read model", "PG", "Web");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages =
            slices().matching("dev.payments.edge.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule controllersAreThin = noClasses()
            .that()
            .areAnnotatedWith(RestController.class)
            .should()
            .dependOnClassesThat()
            .areAssignableTo(JdbcClient.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(JdbcTemplate.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(EntityManager.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Repository.class)
            .orShould()
            .dependOnClassesThat()
            .areAnnotatedWith(Entity.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(KafkaTemplate.class)
            .because("a controller maps the request, calls one service (or the EventPublisher) and maps the answer");

    @ArchTest
    static final ArchRule jpaOnlyInTheReadModel = noClasses()
            .that()
            .resideOutsideOfPackage("dev.payments.edge.readmodel..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.persistence..", "org.springframework.data..", "org.hibernate..")
            .because("Spring Data JPA is for the order read model, one order at a time; issuance's hot path is JDBC");

    @ArchTest
    static final ArchRule entitiesAreReadOnly =
            classes().that().areAnnotatedWith(Entity.class).should().beAnnotatedWith(Immutable.class);

    @ArchTest
    static final ArchRule repositoriesOnlyRead = methods()
            .that()
            .areDeclaredInClassesThat()
            .areAssignableTo(Repository.class)
            .should()
            .haveNameMatching("(find|exists|count)By.*|findById|existsById")
            .because("the worker owns the tables; the edge never writes them");
}
