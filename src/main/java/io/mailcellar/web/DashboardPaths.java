package io.mailcellar.web;

/** Where the dashboard's pages are. */
final class DashboardPaths {

    static final String ROOT = "/ui";
    static final String SIGN_IN = ROOT + "/sign-in";
    static final String OVERVIEW = ROOT + "/mailboxes";
    static final String ASSETS = ROOT + "/assets";

    private DashboardPaths() {
    }

    static String mailbox(String id) {
        return OVERVIEW + "/" + id;
    }
}
