package io.mailcellar;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Who may use whom, as docs/architecture.md states it. Every rule names
 * packages that exist and must match classes ({@code failOnEmptyShould}), so
 * that a renamed package fails the rule instead of passing it unseen.
 */
class PackageRulesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mailcellar");

    private static void check(ArchRule rule) {
        rule.allowEmptyShould(false).check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        check(slices().matching("io.mailcellar.(**)").should().beFreeOfCycles());
    }

    @Test
    void eventsDependOnNoCapability() {
        check(noClasses().that().resideInAPackage("io.mailcellar.event..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.mailbox..", "io.mailcellar.sync..", "io.mailcellar.archive..",
                        "io.mailcellar.mail.."));
    }

    @Test
    void theArchiveIsReadableWithoutTheRegistryOrThePollers() {
        check(noClasses().that().resideInAPackage("io.mailcellar.archive..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mailcellar.mailbox..", "io.mailcellar.sync..",
                        "io.mailcellar.mail.."));
    }

    /** Snapshots and trees are formats and pure logic: the bucket and Kafka stay in the archive package. */
    @Test
    void snapshotFormatsDoNoInputOrOutput() {
        check(noClasses().that().resideInAPackage("io.mailcellar.archive.snapshot..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mailcellar.archive", "io.minio..",
                        "org.apache.kafka..", "jakarta.enterprise..", "org.eclipse.microprofile.."));
    }

    @Test
    void restoresReadTheArchiveNotThePollers() {
        check(noClasses().that().resideInAPackage("io.mailcellar.restore..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mailcellar.sync.."));
    }

    @Test
    void registrationKnowsNothingOfPollingArchivingOrEvents() {
        check(noClasses().that().resideInAPackage("io.mailcellar.mailbox..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.sync..", "io.mailcellar.archive..", "io.mailcellar.event..",
                        "io.mailcellar.mail.."));
    }

    @Test
    void mailConnectionsKnowNothingOfPollingArchivingOrEvents() {
        check(noClasses().that().resideInAPackage("io.mailcellar.mail..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.sync..", "io.mailcellar.archive..", "io.mailcellar.event..",
                        "io.mailcellar.kafka.."));
    }

    @Test
    void sharedInfrastructureDependsOnNoCapability() {
        check(noClasses().that().resideInAnyPackage("io.mailcellar.kafka..", "io.mailcellar.api..", "io.mailcellar.app..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.mailbox..", "io.mailcellar.sync..", "io.mailcellar.archive..",
                        "io.mailcellar.event..", "io.mailcellar.mail.."));
    }

    /** The outbound guard is asked by registrations, connections and restores alike, and asks none of them. */
    @Test
    void theDashboardShowsWhatOthersKeepAndNothingDependsOnIt() {
        check(noClasses().that().resideOutsideOfPackage("io.mailcellar.web..")
                .should().dependOnClassesThat().resideInAPackage("io.mailcellar.web.."));
        // It reads through the registry, the statuses and the archive; of the pollers, only their connection test.
        check(noClasses().that().resideInAPackage("io.mailcellar.web..")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                        "io.mailcellar.sync..", "io.mailcellar.kafka..", "io.mailcellar.event..",
                        "io.mailcellar.mail..", "org.apache.kafka..").and(com.tngtech.archunit.base.DescribedPredicate
                        .not(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                                "io.mailcellar.sync.probe")))));
    }

    @Test
    void theOutboundGuardStandsAlone() {
        check(noClasses().that().resideInAPackage("io.mailcellar.outbound..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.mailcellar.outbound..", "java..",
                        "javax..", "jakarta..", "io.smallrye.config.."));
    }

    /** The tasks say what changed; only the runtime sends, awaits acknowledgements and saves cursors. */
    @Test
    void protocolTasksNeitherSendToKafkaNorSeeTheRuntime() {
        check(noClasses().that().resideInAnyPackage("io.mailcellar.sync.imap..", "io.mailcellar.sync.pop3..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.sync.runtime..", "io.mailcellar.kafka..", "org.apache.kafka..")
                .orShould().dependOnClassesThat().haveSimpleName("CursorStore"));
    }

    @Test
    void imapAndPop3KnowNothingOfEachOther() {
        check(noClasses().that().resideInAPackage("io.mailcellar.sync.imap..")
                .should().dependOnClassesThat().resideInAPackage("io.mailcellar.sync.pop3.."));
        check(noClasses().that().resideInAPackage("io.mailcellar.sync.pop3..")
                .should().dependOnClassesThat().resideInAPackage("io.mailcellar.sync.imap.."));
    }

    /** The runtime runs any task through the {@code MailboxTask} seam, not by naming a protocol's classes. */
    @Test
    void theRuntimeKnowsNoProtocol() {
        check(noClasses().that().resideInAPackage("io.mailcellar.sync.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.sync.imap..", "io.mailcellar.sync.pop3..", "org.eclipse.angus..",
                        "io.mailcellar.mail.."));
    }

    /** Cursors are data and their storage: no protocol, no runtime. */
    @Test
    void cursorsKnowNoProtocolAndNoRuntime() {
        check(noClasses().that().resideInAPackage("io.mailcellar.sync.cursor..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.mailcellar.sync.imap..", "io.mailcellar.sync.pop3..", "io.mailcellar.sync.runtime..",
                        "io.mailcellar.mail..", "org.eclipse.angus..", "jakarta.mail.."));
    }

    /** The archiver's task and the store know nothing of the messaging framework; one adapter speaks to it. */
    @Test
    void onlyTheArchiversAdapterSeesTheMessagingFramework() {
        check(noClasses().that().resideInAPackage("io.mailcellar.archive..")
                .and().doNotHaveSimpleName("MessageArchiver")
                .should().dependOnClassesThat().resideInAnyPackage("io.smallrye.reactive.messaging..",
                        "org.eclipse.microprofile.reactive.messaging.."));
    }

    /**
     * Angus' protocol internals (raw responses and items) appear only in the IMAP commands, one class each: the
     * poller's, and the restore's (its APPEND of raw bytes).
     */
    @Test
    void angusProtocolInternalsStayBehindTheImapCommandSeams() {
        check(noClasses().that().resideOutsideOfPackages("io.mailcellar.sync.imap.command",
                        "io.mailcellar.restore.imap.command")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.eclipse.angus.mail.iap..", "org.eclipse.angus.mail.imap.protocol.."));
    }

    /** The IMAP commands speak the protocol and nothing else: no cursor, no run, no event. */
    @Test
    void imapCommandsKnowOnlyTheProtocol() {
        check(noClasses().that().resideInAPackage("io.mailcellar.sync.imap.command")
                .should().dependOnClassesThat().resideInAnyPackage("io.mailcellar.sync.cursor..",
                        "io.mailcellar.event..", "io.mailcellar.kafka..", "io.mailcellar.archive..")
                .orShould().dependOnClassesThat().resideInAPackage("io.mailcellar.sync"));
    }
}
