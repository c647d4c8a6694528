package io.mailcellar.web;

/** Where the dashboard's pages are. */
final class DashboardPaths {

    static final String ROOT = "/ui";
    static final String SIGN_IN = ROOT + "/sign-in";
    static final String OVERVIEW = ROOT + "/mailboxes";
    static final String ASSETS = ROOT + "/assets";
    /** The register form ({@code /ui/forms/mailbox}) and a mailbox's edit form ({@code /ui/forms/mailbox/<id>}). */
    static final String FORMS = ROOT + "/forms";

    private DashboardPaths() {
    }

    static String mailbox(String id) {
        return OVERVIEW + "/" + id;
    }
}
