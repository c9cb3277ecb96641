package io.shareledger.command;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.shareledger.api.DomainEvent;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the dependency directions of the design: contract <- services, domain free of infrastructure. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.shareledger");
    }

    @Test
    void theContractDependsOnlyOnTheJdkAxonAndJackson() {
        classes().that().resideInAPackage("io.shareledger.api..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.crypto..", "io.shareledger.api..", "org.axonframework..", "com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void aggregatesAndSagasKnowNothingOfWebOrPersistence() {
        noClasses().that().areAnnotatedWith(Aggregate.class).or().areAnnotatedWith(Saga.class)
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
                        "jakarta.persistence..", "org.springframework.jdbc..", "io.shareledger.command.web..",
                        "io.shareledger.command.idempotency..", "io.shareledger.command.security..")
                .check(classes);
    }

    @Test
    void domainRejectionsKnowNothingOfTheWeb() {
        noClasses().that().resideInAPackage("io.shareledger.command.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..")
                .check(classes);
    }

    @Test
    void controllersNeverHandleEvents() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().areAssignableTo(DomainEvent.class)
                .check(classes);
    }

    @Test
    void theCommandServiceDoesNotDependOnTheQueryService() {
        noClasses().that().resideInAPackage("io.shareledger.command..")
                .should().dependOnClassesThat().resideInAPackage("io.shareledger.query..")
                .check(classes);
    }
}
