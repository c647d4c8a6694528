package io.mailcellar.web;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.HeadlessChromium;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard in real headless Chromium, against the packaged service with
 * Kafka, S3Proxy and Dovecot: sign-in with a token, a mailbox reaching ok,
 * its snapshots and folders, a hostile message that runs nothing, the
 * downloads' headers, what a reader is not offered, CSRF and cookies, and
 * axe-core's check of every page. Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final String USER = "dana";
    private static final String PASSWORD = "dashboard-it-pass";
    private static final String READER_TOKEN = "reader-token-0123456789abcdef";
    /** Each would open a dialog, write to the console, or load from elsewhere if it ran. */
    static final String HOSTILE_SUBJECT = "<img src=x onerror=\"alert('subject');console.error('PWNED subject')\">"
            + "<script>alert('subject-script')</script>";
    static final String HOSTILE_FOLDER = "<img src=x onerror=alert(7)>";
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static ServiceProcess service;
    private static io.mailcellar.testsupport.OAuth2Server provider;
    private static final String COMPANY = "company";
    private static com.sun.net.httpserver.HttpServer webhook;
    private static final java.util.concurrent.BlockingQueue<String> ALERTS =
            new java.util.concurrent.LinkedBlockingQueue<>();
    private static HeadlessChromium chromium;
    private static String mailboxId;

    @BeforeAll
    static void start() {
        LocalServers servers = LocalServers.get();
        Dovecot dovecot = servers.dovecot();
        dovecot.addUser(USER, PASSWORD);
        dovecot.save(USER, "INBOX", plainMessage());
        dovecot.doveadm("mailbox", "create", "-u", USER, HOSTILE_FOLDER);
        dovecot.save(USER, HOSTILE_FOLDER, hostileMessage());
        webhook = startWebhook();
        provider = io.mailcellar.testsupport.OAuth2Server.startWithConfig(servers.runDir().resolve("dashboard-oidc"),
                "{\"interactiveLogin\": true}");
        Map<String, String> env = ServiceEnv.of(servers, "dashboard-it");
        env.put("MAILCELLAR_ALERTS_WEBHOOK_URL", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
        env.put("MAILCELLAR_ALERTS_CHECK_INTERVAL", "1s");
        env.put("MAILCELLAR_ALERTS_DASHBOARD_URL", "https://backup.example.test");
        env.put("MAILCELLAR_WEB_OIDC_ENABLED", "true");
        env.put("QUARKUS_OIDC_DASHBOARD_AUTH_SERVER_URL", provider.issuerUrl(COMPANY));
        env.put("QUARKUS_OIDC_DASHBOARD_CLIENT_ID", "mailcellar-dashboard");
        env.put("QUARKUS_OIDC_DASHBOARD_CREDENTIALS_SECRET", "dashboard-client-secret-0123456789");
        env.put("MAILCELLAR_API_TOKENS_READER", READER_TOKEN);
        env.put("MAILCELLAR_API_TOKEN_ROLES_READER", "reader");
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        int port = io.mailcellar.testsupport.FreePorts.next();
        // "Connect Google" runs the code flow against the test's provider, which sends the browser back here.
        env.put("MAILCELLAR_OAUTH_REDIRECT_BASE_URL", "http://127.0.0.1:" + port);
        env.put("MAILCELLAR_OAUTH_GOOGLE_AUTHORIZATION_ENDPOINT", provider.issuerUrl("google") + "/authorize");
        env.put("MAILCELLAR_OAUTH_GOOGLE_TOKEN_ENDPOINT", provider.issuerUrl("google") + "/token");
        service = ServiceProcess.startOnPort(ServiceEnv.jar(), env, servers.runDir().resolve("dashboard-it.log"),
                Duration.ofSeconds(90), port);
        Response registered = new ServiceApi(service).registerImap("Dana's mail", dovecot.imapPort(), USER, PASSWORD);
        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(201);
        mailboxId = registered.jsonPath().getString("id");
        chromium = HeadlessChromium.start(servers.runDir().resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (service != null) {
            service.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (provider != null) {
            provider.close();
        }
    }

    /** A webhook receiver on loopback: it keeps every alert's body and answers 204. */
    private static com.sun.net.httpserver.HttpServer startWebhook() {
        try {
            com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                ALERTS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] plainMessage() {
        return ("From: Erin <erin@example.test>\r\nTo: dana@example.test\r\nSubject: Quarterly figures\r\n"
                + "Date: Thu, 03 Dec 2026 10:00:00 +0000\r\nMessage-ID: <plain@example.test>\r\n\r\n"
                + "The figures are attached in spirit.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hostileMessage() {
        return ("From: \"<script>alert('from')</script>\" <mallory@example.test>\r\nTo: dana@example.test\r\n"
                + "Subject: " + HOSTILE_SUBJECT + "\r\nDate: Fri, 04 Dec 2026 09:00:00 +0000\r\n"
                + "Message-ID: <hostile@example.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n"
                + "--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Plain words <script>alert('text')</script>\r\n"
                + "--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<html><body><p id=\"greeting\">Hello</p><script>alert('html');console.error('PWNED html')</script>"
                + "<img src=\"x\" onerror=\"alert('onerror');console.error('PWNED onerror')\">"
                + "<img src=\"http://127.0.0.1:9/remote.png\"><form action=\"http://127.0.0.1:9/\"><button>x</button>"
                + "</form></body></html>\r\n"
                + "--b2--\r\n"
                + "--b1\r\nContent-Type: text/html; name=\"invoice.html\"\r\n"
                + "Content-Disposition: attachment; filename=\"invoice.html\"\r\n\r\n"
                + "<script>alert('attachment')</script>\r\n"
                + "--b1--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static ChromeDriver browser() {
        return chromium.driver();
    }

    private static String url(String path) {
        return service.baseUrl() + path;
    }

    private static void signIn(String token) {
        ChromeDriver driver = browser();
        driver.manage().deleteAllCookies();
        driver.get(url("/ui/mailboxes"));
        assertThat(driver.getCurrentUrl()).as("no session: to the sign-in form").endsWith("/ui/sign-in");
        driver.findElement(By.id("token")).sendKeys(token);
        clickThrough(By.cssSelector("form button[type=submit]"));
    }

    private static void assertAccessible(String page) {
        Results results = new AxeBuilder().analyze(browser());
        List<String> grave = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(DashboardIT::describe).toList();
        assertThat(grave).as("axe-core's serious and critical violations on " + page).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at " + rule.getNodes().stream()
                .map(node -> String.valueOf(node.getTarget())).toList();
    }

    /** That a dialog would be seen: one opened on purpose is, and is closed. */
    private static void assertDialogsAreSeen() {
        browser().executeScript("alert('control')");
        assertThat(browser().switchTo().alert().getText()).isEqualTo("control");
        browser().switchTo().alert().accept();
    }

    private static void assertNoDialog() {
        assertThatThrownBy(() -> browser().switchTo().alert()).as("no page opened a dialog")
                .isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefusedAndTheRightOneShowsTheMailboxReachingOk() {
        signIn("not-a-token-of-this-service");
        assertThat(browser().findElement(By.id("sign-in-error")).getText())
                .contains("not one of the API tokens");
        assertAccessible("the sign-in form");

        // By keyboard alone: Tab from the top of the page reaches the token field, Enter signs in.
        browser().get(url("/ui/sign-in"));
        org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(browser());
        keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(browser().switchTo().activeElement().getText()).as("the first stop: the skip link")
                .isEqualTo("Skip to the content");
        for (int tab = 0; tab < 5 && !"token".equals(browser().switchTo().activeElement().getAttribute("id")); tab++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        }
        assertThat(browser().switchTo().activeElement().getAttribute("id")).isEqualTo("token");
        markPage();
        keys.sendKeys(ServiceEnv.API_TOKEN + org.openqa.selenium.Keys.ENTER).perform();
        awaitNewPage();
        assertThat(browser().getCurrentUrl()).endsWith("/ui/mailboxes");
        new WebDriverWait(browser(), Duration.ofSeconds(120)).pollingEvery(Duration.ofSeconds(2)).until(driver -> {
            driver.navigate().refresh();
            return driver.findElement(By.cssSelector("tr[data-mailbox='" + mailboxId + "']"))
                    .getAttribute("data-state").equals("ok");
        });
        WebElement row = browser().findElement(By.cssSelector("tr[data-mailbox='" + mailboxId + "']"));
        assertThat(row.getText()).contains("Dana's mail", "Backed up", "imap dana@127.0.0.1");
        assertThat(row.findElements(By.cssSelector("td")).get(3).getText()).as("messages of the last snapshot")
                .isEqualTo("2");
        assertThat(browser().executeScript("return typeof htmx === 'object' && htmx.config.allowEval === false"))
                .as("htmx is served by the service itself, under the page's policy, with eval off").isEqualTo(true);
        assertAccessible("the overview");
        chromium.screenshot(SCREENSHOTS.resolve("overview.png"));

        browser().get(url("/ui/mailboxes?q=nobody-by-this-name"));
        assertThat(browser().findElements(By.cssSelector("tr[data-mailbox]"))).as("the filter").isEmpty();
        browser().get(url("/ui/mailboxes?state=auth-failed"));
        assertThat(browser().findElements(By.cssSelector("tr[data-mailbox]"))).as("the state filter").isEmpty();
        browser().get(url("/ui/mailboxes?state=ok&sort=bytes"));
        assertThat(browser().findElements(By.cssSelector("tr[data-mailbox]"))).hasSize(1);
    }

    @Test
    @Order(2)
    void theMailboxPageShowsSnapshotsAndFoldersAndAHostileFolderNameAsText() {
        browser().get(url("/ui/mailboxes/" + mailboxId));
        assertThat(browser().findElement(By.id("mailbox-state")).getText()).isEqualTo("Backed up");
        assertThat(browser().findElements(By.cssSelector("polyline.line-messages"))).hasSize(1);
        List<String> folders = browser().findElements(By.cssSelector("a.folder")).stream()
                .map(WebElement::getText).toList();
        assertThat(folders).containsExactlyInAnyOrder("INBOX", HOSTILE_FOLDER);
        assertThat(browser().findElements(By.cssSelector("main img"))).as("no markup from the folder name").isEmpty();
        assertThat(browser().findElements(By.id("sync-now"))).hasSize(1);
        assertAccessible("a mailbox page");
        chromium.screenshot(SCREENSHOTS.resolve("mailbox.png"));

        browser().findElement(By.id("search-subject")).sendKeys("QUARTERLY");
        clickThrough(By.id("search-snapshot"));
        assertThat(browser().findElement(By.id("search-count")).getText()).startsWith("1 found among 2 messages");
        assertThat(browser().findElement(By.cssSelector("table.messages tbody")).getText())
                .contains("INBOX", "Erin <erin@example.test>", "Quarterly figures");
        assertAccessible("a search's results");
        Response api = service.request().get("/api/v1/mailboxes/" + mailboxId
                + "/snapshots/latest/search?from=mallory&since=2000-01-01T00:00:00Z");
        assertThat(api.jsonPath().getList("items.folder", String.class)).containsExactly(HOSTILE_FOLDER);
        assertThat(api.jsonPath().getString("items[0].message.subject")).isEqualTo(HOSTILE_SUBJECT);
        assertThat(service.request().get("/api/v1/mailboxes/" + mailboxId + "/snapshots/latest/search")
                .statusCode()).as("no criterion").isEqualTo(400);

        browser().get(url("/ui/mailboxes/" + mailboxId));
        clickThrough(By.id("prune-preview"));
        assertThat(browser().findElement(By.id("prune-report")).getText()).contains("Snapshots removed\n0");
        assertAccessible("a prune preview");

        browser().get(url("/ui/mailboxes/" + mailboxId));
        markPage();
        browser().findElements(By.cssSelector("a.folder")).stream()
                .filter(link -> link.getText().equals(HOSTILE_FOLDER)).findFirst().orElseThrow().click();
        awaitNewPage();
        WebElement subject = browser().findElement(By.cssSelector("a.subject"));
        assertThat(subject.getText()).as("the subject, shown as the text it is").isEqualTo(HOSTILE_SUBJECT);
        assertThat(browser().findElements(By.cssSelector("main img, main script"))).isEmpty();
        assertAccessible("a folder page");
        assertNoDialog();
    }

    @Test
    @Order(3)
    void aHostileMessageRunsNothingAndItsDownloadsAreSavedNotShown() {
        chromium.console();
        browser().get(url("/ui/mailboxes/" + mailboxId + "/folder?snapshot=latest&folder="
                + Links.url(HOSTILE_FOLDER)));
        clickThrough(By.cssSelector("a.subject"));
        assertThat(browser().findElement(By.id("subject")).getText()).isEqualTo(HOSTILE_SUBJECT);
        assertThat(browser().findElement(By.id("from")).getText()).contains("<script>alert('from')</script>");
        assertThat(browser().findElement(By.id("text-part")).getText())
                .isEqualTo("Plain words <script>alert('text')</script>");
        WebElement frame = browser().findElement(By.id("html-part"));
        assertThat(frame.getAttribute("sandbox")).as("a sandbox that allows nothing").isEmpty();
        browser().switchTo().frame(frame);
        new WebDriverWait(browser(), Duration.ofSeconds(10)).until(driver ->
                !driver.findElements(By.id("greeting")).isEmpty());
        browser().switchTo().defaultContent();
        assertThat(browser().findElement(By.cssSelector("ul.attachments")).getText()).contains("invoice.html");
        assertNoDialog();
        browser().executeScript("console.error('control: the console is read')");
        List<LogEntry> console = chromium.console();
        assertThat(console).as("the console is read").anyMatch(entry -> entry.getMessage()
                .contains("control: the console is read"));
        assertThat(console).as("nothing the message carries ran").noneMatch(entry -> entry.getMessage()
                .contains("PWNED"));
        assertDialogsAreSeen();
        assertAccessible("a message");
        chromium.screenshot(SCREENSHOTS.resolve("message.png"));

        String cookie = browser().manage().getCookieNamed("mailcellar_session").getValue();
        String base = browser().getCurrentUrl().replaceAll("\\?.*", "");
        Response html = withSession(cookie).get(base + "/html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.header("Content-Security-Policy")).startsWith("sandbox;").contains("default-src 'none'")
                .doesNotContain("script-src");
        for (String download : List.of(base + "/eml", base + "/parts/2")) {
            Response saved = withSession(cookie).get(download);
            assertThat(saved.statusCode()).as(download).isEqualTo(200);
            assertThat(saved.header("Content-Disposition")).as(download).startsWith("attachment;");
            assertThat(saved.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(saved.header("Content-Security-Policy")).startsWith("sandbox");
        }
        assertThat(withSession(cookie).get(base + "/eml").asByteArray()).isEqualTo(hostileMessage());
        assertThat(withSession(cookie).get(base + "/parts/2").asString())
                .isEqualTo("<script>alert('attachment')</script>");
        String messagePath = base.substring(service.baseUrl().length());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                java.nio.file.Files.readString(service.log(), StandardCharsets.UTF_8)).contains(
                "audit: caller=tests via=dashboard-token method=GET path=" + messagePath + " mailbox=" + mailboxId
                        + " outcome=200",
                "audit: caller=tests via=dashboard-token method=GET path=" + messagePath + "/eml mailbox=" + mailboxId
                        + " outcome=200"));
    }

    @Test
    @Order(4)
    void aReaderSeesMetadataAndNoControlAndCannotReadContent() {
        signIn(READER_TOKEN);
        browser().get(url("/ui/mailboxes/" + mailboxId));
        assertThat(browser().findElement(By.cssSelector("header .role")).getText()).isEqualTo("(reader)");
        assertThat(browser().findElements(By.cssSelector("main form[method=post], #restore, #export-mbox, "
                + "#export-maildir, #prune-preview, #change"))).as("no control that changes anything or reads content")
                .isEmpty();
        assertThat(browser().findElements(By.id("search-snapshot"))).as("searching metadata is for readers too")
                .hasSize(1);
        browser().get(url("/ui/mailboxes/" + mailboxId + "/folder?snapshot=latest&folder=INBOX"));
        assertThat(browser().findElement(By.cssSelector("table.messages tbody")).getText())
                .contains("Quarterly figures");
        assertThat(browser().findElements(By.cssSelector("a.subject"))).as("no link to content").isEmpty();
        String cookie = browser().manage().getCookieNamed("mailcellar_session").getValue();
        Response content = withSession(cookie).get(url("/ui/mailboxes/" + mailboxId + "/messages/"
                + "0".repeat(64)));
        assertThat(content.statusCode()).isEqualTo(403);
        assertThat(content.contentType()).startsWith("text/html");
        assertThat(content.asString()).contains("needs the role operator");
        Response sync = withSession(cookie).formParam("csrf", "x").post(url("/ui/mailboxes/" + mailboxId + "/sync"));
        assertThat(sync.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(5)
    void theSessionCookieIsStrictAndOnlyForPagesAndEveryFormNeedsItsCsrfToken() {
        Response signedIn = RestAssured.given().redirects().follow(false).formParam("token", ServiceEnv.API_TOKEN)
                .post(url("/ui/sign-in"));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.header("Set-Cookie");
        assertThat(setCookie).startsWith("mailcellar_session=").contains("HttpOnly", "Secure", "SameSite=Strict",
                "Path=/ui/");
        String cookie = signedIn.cookie("mailcellar_session");

        Response page = withSession(cookie).get(url("/ui/mailboxes"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'",
                "frame-ancestors 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");

        assertThat(withSession(cookie).get(url("/api/v1/mailboxes")).statusCode())
                .as("the API takes bearer tokens only, never the page's cookie").isEqualTo(401);
        assertThat(withSession(cookie).post(url("/ui/mailboxes/" + mailboxId + "/sync")).statusCode())
                .as("a form without its CSRF token").isEqualTo(403);
        assertThat(withSession(cookie).formParam("csrf", "forged-forged-forged").post(
                url("/ui/mailboxes/" + mailboxId + "/sync")).statusCode()).isEqualTo(403);
        assertThat(withSession(cookie.substring(0, cookie.length() - 2) + "AA").get(url("/ui/mailboxes"))
                .statusCode()).as("a tampered cookie is no session").isEqualTo(303);
        assertThat(RestAssured.given().redirects().follow(false).get(url("/ui/mailboxes/" + mailboxId)).header(
                "Location")).endsWith("/ui/sign-in");
    }

    @Test
    @Order(6)
    void backUpNowFromThePageMakesANewRun() {
        signIn(ServiceEnv.API_TOKEN);
        String before = new ServiceApi(service).status(mailboxId).getString("lastRun.started");
        browser().get(url("/ui/mailboxes/" + mailboxId));
        clickThrough(By.id("sync-now"));
        assertThat(browser().findElement(By.cssSelector("p.alert.good")).getText())
                .contains("A backup was asked for");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            String started = new ServiceApi(service).status(mailboxId).getString("lastRun.started");
            return started != null && !started.equals(before);
        });
    }

    @Test
    @Order(7)
    void theRegisterFormShowsTheApisMessagesAtTheirFieldsTestsTheConnectionAndRegisters() {
        signIn(ServiceEnv.API_TOKEN);
        browser().get(url("/ui/mailboxes"));
        clickThrough(By.id("register"));
        type("host", "bad host");
        type("username", USER);
        type("interval", "often");
        select("security", "none");
        clickThrough(By.id("save"));
        assertThat(browser().findElement(By.id("form-errors")).getText()).contains("were not registered");
        assertThat(browser().findElement(By.id("interval-error")).getText())
                .isEqualTo("must be a whole number of minutes, such as 15");
        assertAccessible("the register form with errors");

        type("interval", "30");
        clickThrough(By.id("save"));
        assertThat(browser().findElement(By.id("host-error")).getText())
                .isEqualTo("must be a host name or address without spaces or slashes");
        assertThat(browser().findElement(By.id("host")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser().findElement(By.id("username")).getAttribute("value")).as("what was typed stays")
                .isEqualTo(USER);

        type("host", "127.0.0.1");
        type("port", String.valueOf(LocalServers.get().dovecot().imapPort()));
        type("password", "not-the-password");
        clickThrough(By.id("test-connection"));
        assertThat(browser().findElement(By.id("test-result")).getText()).contains("The test failed (auth-failed)");
        assertThat(browser().findElement(By.id("password")).getAttribute("value")).as("a password is never sent back")
                .isEmpty();

        type("password", PASSWORD);
        clickThrough(By.id("test-connection"));
        assertThat(browser().findElement(By.id("test-result")).getText()).contains("Logged in to 127.0.0.1",
                "Nothing was backed up", "INBOX", HOSTILE_FOLDER);
        assertAccessible("the register form with a test's result");
        chromium.screenshot(SCREENSHOTS.resolve("register.png"));

        type("name", "Dana, from the form");
        type("password", PASSWORD);
        clickThrough(By.id("save"));
        assertThat(browser().getCurrentUrl()).matches(".*/ui/mailboxes/[0-9a-f-]{36}$");
        String registered = browser().getCurrentUrl().replaceAll(".*/", "");
        assertThat(new ServiceApi(service).get("/api/v1/mailboxes/" + registered).jsonPath().getString(
                "schedule.interval")).isEqualTo("PT30M");
        new WebDriverWait(browser(), Duration.ofSeconds(120)).pollingEvery(Duration.ofSeconds(2)).until(driver -> {
            driver.navigate().refresh();
            return "ok".equals(driver.findElement(By.id("mailbox-state")).getAttribute("data-state"));
        });

        clickThrough(By.id("change"));
        assertThat(browser().findElement(By.id("host")).getAttribute("value")).isEqualTo("127.0.0.1");
        type("name", "Dana, changed");
        clickThrough(By.id("test-connection"));
        assertThat(browser().findElement(By.id("test-result")).getText()).as("the stored password is tried")
                .contains("Logged in to 127.0.0.1");
        clickThrough(By.id("save"));
        assertThat(browser().findElement(By.cssSelector("p.alert.good")).getText())
                .isEqualTo("The settings were saved.");
        assertThat(browser().findElement(By.tagName("h1")).getText()).isEqualTo("Dana, changed");
    }

    @Test
    @Order(8)
    void theConnectionTestIsAnApiCallForOperatorsBehindTheGuard() {
        String good = """
                {"protocol": "imap", "host": "127.0.0.1", "port": %d, "security": "none", "username": "%s",
                 "auth": {"type": "password", "password": "%s"}}""";
        Dovecot dovecot = LocalServers.get().dovecot();
        int before = new ServiceApi(service).get("/api/v1/mailboxes").jsonPath().getInt("total");
        Response ok = service.request().contentType("application/json")
                .body(good.formatted(dovecot.imapPort(), USER, PASSWORD)).post("/api/v1/mailboxes/test");
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(200);
        assertThat(ok.jsonPath().getBoolean("ok")).isTrue();
        assertThat(ok.jsonPath().getList("folders", String.class)).containsExactlyInAnyOrder("INBOX", HOSTILE_FOLDER);
        assertThat(ok.jsonPath().getInt("foldersTotal")).isEqualTo(2);

        Response pop3 = service.request().contentType("application/json").body(good.replace("imap", "pop3")
                .formatted(dovecot.pop3Port(), USER, PASSWORD)).post("/api/v1/mailboxes/test");
        assertThat(pop3.jsonPath().getBoolean("ok")).as(pop3.asString()).isTrue();
        assertThat(pop3.jsonPath().getInt("messages")).as("the INBOX's one message").isEqualTo(1);

        Response wrong = service.request().contentType("application/json")
                .body(good.formatted(dovecot.imapPort(), USER, "wrong-password")).post("/api/v1/mailboxes/test");
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.jsonPath().getBoolean("ok")).isFalse();
        assertThat(wrong.jsonPath().getString("state")).isEqualTo("auth-failed");
        assertThat(wrong.jsonPath().getString("reason")).isNotBlank().doesNotContain("wrong-password");

        // Refused at the check of the address, before any connection (a literal: no lookup either).
        Response inward = service.request().contentType("application/json")
                .body(good.formatted(143, USER, PASSWORD).replace("127.0.0.1", "10.20.30.40"))
                .post("/api/v1/mailboxes/test");
        assertThat(inward.statusCode()).isEqualTo(400);
        assertThat(inward.jsonPath().getString("errors[0].field")).isEqualTo("host");

        Response reader = RestAssured.given().baseUri(service.baseUrl()).header("Authorization", "Bearer "
                + READER_TOKEN).contentType("application/json").body(good.formatted(dovecot.imapPort(), USER, PASSWORD))
                .post("/api/v1/mailboxes/test");
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(new ServiceApi(service).get("/api/v1/mailboxes").jsonPath().getInt("total"))
                .as("a test registers nothing").isEqualTo(before);
    }

    /** Clicks what leads to another page, and waits until the browser has left this one. */
    private static void clickThrough(By target) {
        markPage();
        browser().findElement(target).click();
        awaitNewPage();
    }

    /** A mark on this page's window, which the next page's window does not carry. */
    private static void markPage() {
        browser().executeScript("window.leftByTest = true");
    }

    private static void awaitNewPage() {
        new WebDriverWait(browser(), Duration.ofSeconds(20)).until(driver -> Boolean.TRUE.equals(
                ((ChromeDriver) driver).executeScript("return window.leftByTest === undefined "
                        + "&& document.readyState === 'complete'")));
    }

    @Test
    @Order(9)
    void anExportDownloadsAndTheRestoreWizardRunsToItsReport() throws Exception {
        signIn(ServiceEnv.API_TOKEN);
        String cookie = browser().manage().getCookieNamed("mailcellar_session").getValue();
        Response export = withSession(cookie).get(url("/ui/mailboxes/" + mailboxId + "/export?format=mbox"));
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.header("Content-Disposition")).startsWith("attachment;").endsWith("-mbox.tar\"");
        assertThat(export.header("Content-Security-Policy")).startsWith("sandbox");
        assertThat(new String(export.asByteArray(), StandardCharsets.ISO_8859_1))
                .contains("Subject: Quarterly figures", "The figures are attached in spirit.");

        browser().get(url("/ui/mailboxes/" + mailboxId));
        clickThrough(By.id("restore"));
        assertAccessible("the restore wizard");
        for (WebElement box : browser().findElements(By.cssSelector("input[name=folder]"))) {
            if (!box.getAttribute("value").equals("INBOX")) {
                box.click();
            }
        }
        type("into", "Restored/from-the-page");
        chromium.screenshot(SCREENSHOTS.resolve("restore-wizard.png"));
        clickThrough(By.id("start-restore"));
        assertThat(browser().getCurrentUrl()).matches(".*/ui/restores/[0-9a-f-]{36}$");
        new WebDriverWait(browser(), Duration.ofSeconds(90)).pollingEvery(Duration.ofSeconds(1)).until(driver ->
                "succeeded".equals(driver.findElement(By.id("restore-state")).getAttribute("data-state")));
        assertThat(browser().findElement(By.id("restore-summary")).getText())
                .isEqualTo("1 appended, 0 already there.");
        assertThat(browser().findElement(By.id("restore-bar")).getAttribute("value")).isEqualTo("1");
        assertThat(browser().findElement(By.id("restore-bar")).getAttribute("max")).isEqualTo("1");
        assertAccessible("a restore's report");
        chromium.screenshot(SCREENSHOTS.resolve("restore-report.png"));
        assertThat(LocalServers.get().dovecot().doveadm("mailbox", "status", "-u", USER, "messages",
                "Restored/from-the-page/INBOX")).contains("messages=1");
        assertNoDialog();
    }

    @Test
    @Order(10)
    void aFailingMailboxAndItsRecoveryAreSentToTheWebhook() throws Exception {
        Response registered = new ServiceApi(service).registerImap("Wrong password", LocalServers.get().dovecot()
                .imapPort(), USER, "not-dana's-password");
        String id = registered.jsonPath().getString("id");
        io.restassured.path.json.JsonPath failing = awaitAlert(id, "failing");
        assertThat(failing.getInt("format")).isEqualTo(1);
        assertThat(failing.getString("state")).isEqualTo("auth-failed");
        assertThat(failing.getString("text")).startsWith("The backup of Wrong password is failing (auth-failed): ");
        assertThat(failing.getString("link")).isEqualTo("https://backup.example.test/ui/mailboxes/" + id);
        assertThat(failing.getString("id")).startsWith(id + ":failing:");

        service.request().contentType("application/merge-patch+json")
                .body("{\"auth\": {\"type\": \"password\", \"password\": \"" + PASSWORD + "\"}}")
                .patch("/api/v1/mailboxes/" + id).then().statusCode(200);
        assertThat(awaitAlert(id, "recovered").getString("text")).isEqualTo(
                "The backup of Wrong password is fine again.");
    }

    @Test
    @Order(11)
    void aPersonSignsInWithTheCompanysProviderAndGetsTheRoleItsIdTokenGives() {
        Response start = RestAssured.given().redirects().follow(false).get(url("/ui/oidc/sign-in"));
        assertThat(start.statusCode()).as("off to the provider").isEqualTo(302);
        assertThat(start.header("Location")).startsWith(provider.issuerUrl(COMPANY) + "/authorize?");
        assertThat(start.headers().getValues("Set-Cookie")).as("the flow's state cookie comes back on the "
                + "provider's redirect").anyMatch(cookie -> cookie.startsWith("q_auth") && cookie.toLowerCase(
                java.util.Locale.ROOT).contains("httponly") && cookie.toLowerCase(java.util.Locale.ROOT)
                .contains("samesite=lax"));

        assertThat(signInWithProvider("ops@company.test", "{\"roles\": [\"operator\"]}")).endsWith("/ui/mailboxes");
        assertThat(browser().findElement(By.cssSelector("header .who")).getText())
                .contains("ops@company.test", "(operator)");
        browser().get(url("/ui/mailboxes/" + mailboxId));
        assertThat(browser().findElements(By.id("sync-now"))).as("an operator's controls").hasSize(1);
        assertThat(browser().findElements(By.id("change"))).as("but not an admin's").isEmpty();
        assertThat(browser().manage().getCookieNamed("mailcellar_session").isHttpOnly()).isTrue();
        assertThat(browser().manage().getCookieNamed("mailcellar_session").getSameSite()).isEqualTo("Strict");
        clickThrough(By.cssSelector("header .who button"));
        assertThat(browser().getCurrentUrl()).as("signed out").endsWith("/ui/sign-in");

        assertThat(signInWithProvider("guest@company.test", "{\"roles\": [\"offline_access\"]}"))
                .endsWith("/ui/oidc/sign-in");
        assertThat(browser().findElement(By.id("sign-in-error")).getText()).contains("guest@company.test",
                "gave no mailcellar role");
    }

    @Test
    @Order(12)
    void connectGoogleSignsTheOwnerInAtTheProviderAndTheRegisterFormTakesTheSignIn() {
        signIn(ServiceEnv.API_TOKEN);
        browser().get(url("/ui/forms/mailbox"));
        clickThrough(By.id("connect-google"));
        assertAccessible("the connect form");
        type("clientId", "mailcellar-imap-client");
        type("loginHint", "dana@gmail.test");
        // The test's provider signs in only with openid asked for too.
        type("scope", "openid https://mail.google.com/");
        clickThrough(By.id("start-sign-in"));
        String signIn = browser().findElement(By.id("sign-in")).getAttribute("hx-get").replaceAll(".*/", "");
        assertThat(browser().findElement(By.id("sign-in-state")).getText()).isEqualTo("pending");
        assertThat(browser().findElement(By.id("to-provider")).getAttribute("href"))
                .startsWith(provider.issuerUrl("google") + "/authorize?").contains("login_hint=dana%40gmail.test");
        assertAccessible("a sign-in waiting for its owner");

        clickThrough(By.id("to-provider"));
        WebElement username = browser().findElement(By.name("username"));
        username.sendKeys("dana@gmail.test");
        markPage();
        username.submit();
        awaitNewPage();
        assertThat(browser().getCurrentUrl()).startsWith(url("/api/v1/oauth/callback?"));
        assertThat(browser().findElement(By.tagName("h1")).getText()).isEqualTo("Signed in");

        browser().get(url("/ui/forms/connect/" + signIn));
        assertThat(browser().findElement(By.id("sign-in-state")).getText()).isEqualTo("authorized");
        clickThrough(By.id("register-connected"));
        assertThat(browser().findElement(By.id("connected-account")).getText()).contains(signIn);
        assertThat(browser().findElements(By.id("password"))).as("no password for a connected account").isEmpty();
        assertThat(browser().findElement(By.id("host")).getAttribute("value")).isEqualTo("imap.gmail.com");
        // The tests reach nothing but loopback: the account is registered against the local Dovecot, disabled.
        type("host", "127.0.0.1");
        type("port", String.valueOf(LocalServers.get().dovecot().imapPort()));
        select("security", "none");
        type("username", "dana@gmail.test");
        type("name", "Dana's Gmail");
        browser().findElement(By.id("enabled")).click();
        clickThrough(By.id("save"));
        String registered = browser().getCurrentUrl().replaceAll(".*/", "");
        io.restassured.path.json.JsonPath mailbox = new ServiceApi(service).get("/api/v1/mailboxes/" + registered)
                .jsonPath();
        assertThat(mailbox.getString("auth.type")).isEqualTo("oauth2");
        assertThat(mailbox.getBoolean("enabled")).isFalse();
        assertThat(new ServiceApi(service).get("/api/v1/oauth/authorizations/" + signIn).jsonPath()
                .getString("state")).as("a sign-in is taken once").isEqualTo("used");
    }

    @Test
    @Order(13)
    void aPop3MailboxIsTestedAndRegisteredFromTheForm() {
        signIn(ServiceEnv.API_TOKEN);
        browser().get(url("/ui/forms/mailbox"));
        select("protocol", "pop3");
        type("host", "127.0.0.1");
        type("port", String.valueOf(LocalServers.get().dovecot().pop3Port()));
        select("security", "none");
        type("username", USER);
        type("password", PASSWORD);
        type("name", "Dana over POP3");
        clickThrough(By.id("test-connection"));
        assertThat(browser().findElement(By.id("test-result")).getText()).contains("Logged in to 127.0.0.1",
                "Messages waiting in its maildrop: 1");
        assertThat(browser().findElement(By.id("protocol")).getAttribute("value")).isEqualTo("pop3");

        type("password", PASSWORD);
        clickThrough(By.id("save"));
        String registered = browser().getCurrentUrl().replaceAll(".*/", "");
        io.restassured.path.json.JsonPath mailbox = new ServiceApi(service).get("/api/v1/mailboxes/" + registered)
                .jsonPath();
        assertThat(mailbox.getString("protocol")).isEqualTo("pop3");
        assertThat(mailbox.getString("pop3.deleteFromServer")).as("nothing is deleted unless asked")
                .isEqualTo("never");
    }

    /** Through the sign-in page's button and the provider's login form; answers where the browser ends. */
    private static String signInWithProvider(String user, String claims) {
        browser().get(url("/ui/mailboxes"));
        // Whoever the earlier tests signed in: the dashboard's cookie is visible from its pages.
        browser().manage().deleteAllCookies();
        browser().get(url("/ui/sign-in"));
        clickThrough(By.id("sign-in-oidc"));
        WebElement username = browser().findElement(By.name("username"));
        username.sendKeys(user);
        WebElement claimsField = browser().findElement(By.name("claims"));
        claimsField.clear();
        claimsField.sendKeys(claims);
        markPage();
        username.submit();
        awaitNewPage();
        return browser().getCurrentUrl();
    }

    /** The next alert of the mailbox with the event, waiting for it; alerts of other mailboxes are passed over. */
    private static io.restassured.path.json.JsonPath awaitAlert(String mailbox, String event) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String body = ALERTS.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (body == null) {
                continue;
            }
            io.restassured.path.json.JsonPath alert = new io.restassured.path.json.JsonPath(body);
            if (mailbox.equals(alert.getString("mailboxId")) && event.equals(alert.getString("event"))) {
                return alert;
            }
        }
        throw new AssertionError("no '" + event + "' alert of mailbox " + mailbox + " reached the webhook in 90 s");
    }

    private static void type(String id, String text) {
        WebElement input = browser().findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void select(String id, String value) {
        new org.openqa.selenium.support.ui.Select(browser().findElement(By.id(id))).selectByValue(value);
    }

    private static io.restassured.specification.RequestSpecification withSession(String cookie) {
        return RestAssured.given().redirects().follow(false).cookie("mailcellar_session", cookie);
    }
}
