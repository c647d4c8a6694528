package io.mailcellar;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Who may use whom, as docs/architecture.md states it. */
class PackageRulesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mailcellar");

    @Test
    void eventsDependOnNoCapability() {
        noClasses().that().resideInAPackage("io.mailcellar.event..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.mailbox..", "io.mailcellar.sync..", "io.mailcellar.archive..",
                        "io.mailcellar.restore..")
                .check(CLASSES);
    }

    @Test
    void theArchiveIsReadableWithoutTheRegistryOrThePollers() {
        noClasses().that().resideInAPackage("io.mailcellar.archive..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mailcellar.mailbox..", "io.mailcellar.sync..")
                .check(CLASSES);
    }

    @Test
    void registrationKnowsNothingOfPollingArchivingOrEvents() {
        noClasses().that().resideInAPackage("io.mailcellar.mailbox..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.sync..", "io.mailcellar.archive..", "io.mailcellar.event..",
                        "io.mailcellar.restore..")
                .check(CLASSES);
    }

    @Test
    void sharedInfrastructureDependsOnNoCapability() {
        noClasses().that().resideInAnyPackage("io.mailcellar.kafka..", "io.mailcellar.api..", "io.mailcellar.app..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.mailbox..", "io.mailcellar.sync..", "io.mailcellar.archive..",
                        "io.mailcellar.event..", "io.mailcellar.restore..")
                .check(CLASSES);
    }
}
