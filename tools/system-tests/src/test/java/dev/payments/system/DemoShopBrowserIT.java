package dev.payments.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventType;
import dev.payments.schemas.Topics;
import dev.payments.shop.ShopApplication;
import dev.payments.testsupport.KafkaRecords;
import dev.payments.worker.order.processing.DeadLetters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo shop clicked through like a buyer, in a real headless Chromium: choose a product, a quantity and the payment
 * method, press Order, let the shop's checkout page open the sandbox's payment window through its SDK script
 * ({@code TossPayments(clientKey).requestPayment(...)}), pay, decline or cancel there, and watch the edge's result page
 * until the order is terminal. Each scenario checks the final page and the one completion record the shop would fulfil
 * from, and saves a screenshot of the final page under {@code target/screenshots/}. One scenario goes on as the
 * merchant: it refunds part, then the rest, of a paid order from the shop's Orders page. Two pay by virtual account
 * (가상계좌): one deposited from the sandbox's console page, one left past its (shortened) deadline. The scenarios run
 * side by side, each on an order and in a browser of its own, as buyers do: most of their time is the pipeline's and
 * the result page's waiting, which they then spend together.
 *
 * <p>The browser is Debian's {@code chromium} driven through its {@code chromedriver}; nothing downloads a browser or
 * a driver. Where they are missing the test is skipped, except in CI ({@code CI=true}), where it fails.
 */
class DemoShopBrowserIT extends SandboxSystemTestBase {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration UNTIL_TERMINAL = Duration.ofSeconds(60);
    /**
     * The validity of the virtual account left to expire: short, yet long enough to see it awaited first. The result
     * page looks again at most every 5 s while the order is open, so it is given two looks within the validity even
     * when a busy machine delays one.
     */
    static final Duration SHORT_VALIDITY = Duration.ofSeconds(10);

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static ConfigurableApplicationContext shopApplication;
    /** Everything the stack logs while these tests run: no line may show the merchant key or an order's token. */
    static OutputTee output;
    /**
     * At most this many browsers at once: each is a few processes that render pages on the same two cores as the
     * stack, and a buyer's payment must reach its confirm within the PG's (shortened) payment window.
     */
    static final int BROWSERS = 3;
    /** Permits for the tests running with a browser: the others wait for one. */
    static final Semaphore BROWSER_PERMITS = new Semaphore(BROWSERS);
    /**
     * Browsers a test has finished with, for the next test to take: a Chromium starts once per browser running at the
     * same time, not once per test. The pages keep no cookies or storage, so a browser carries nothing to the next.
     */
    static final Queue<Browser> IDLE = new ConcurrentLinkedQueue<>();

    Browser session;
    WebDriver browser;

    /** A Chromium, its driver and its profile directory. */
    record Browser(WebDriver driver, Path profile) {}

    @BeforeAll
    static void startShopAndDriver() {
        requireBrowser();
        output = OutputTee.install();
        // the shop's checkout page loads the sandbox's copy of Toss's SDK script
        shopApplication = Launch.withoutOwnDatabase(
                ShopApplication.builder(),
                stack.jdbcUrl,
                // where the edge's result page links back to
                "--server.port=" + stack.shopPort,
                "--payments.shop.edge-url=" + Launch.url(stack.edge),
                "--payments.shop.merchant-key=" + Launch.MERCHANT_KEY,
                "--payments.shop.pg-script-url=" + stack.sandboxUrl() + "/js/v1/payment");
    }

    @AfterAll
    static void stopShopAndBrowsers() throws IOException {
        for (Browser idle = IDLE.poll(); idle != null; idle = IDLE.poll()) {
            quit(idle);
        }
        if (shopApplication != null) {
            shopApplication.close();
        }
        if (output != null) {
            output.close();
        }
    }

    @BeforeEach
    void takeBrowser() throws IOException, InterruptedException {
        BROWSER_PERMITS.acquire();
        try {
            Browser idle = IDLE.poll();
            session = idle != null ? idle : startBrowser();
        } catch (IOException | RuntimeException e) {
            BROWSER_PERMITS.release();
            throw e;
        }
        browser = session.driver();
    }

    /** Back to the pool, once it has left the test's page (whose script would go on polling); else it is quit. */
    @AfterEach
    void releaseBrowser() throws IOException {
        if (session == null) {
            return;
        }
        try {
            browser.get("about:blank");
            IDLE.add(session);
        } catch (WebDriverException e) {
            quit(session);
        } finally {
            BROWSER_PERMITS.release();
        }
    }

    private static Browser startBrowser() throws IOException {
        Path profile = Files.createTempDirectory("demo-shop-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                // without these Chromium keeps calling home, which floods a closed network
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1024,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        // a driver process per browser: quitting the browser stops its driver
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(driver, options), profile);
    }

    private static void quit(Browser browser) throws IOException {
        try {
            browser.driver().quit();
        } finally {
            deleteRecursively(browser.profile());
        }
    }

    @ConcurrentTest
    void buyerPaysAndWatchesTheOrderComplete() {
        try {
            String orderId = order("ceramic-mug", 2, "CARD", "24,000원");

            browser.findElement(By.id("pay")).click();

            WebElement status = awaitTerminalResultPage(orderId);
            assertThat(status.getText()).isEqualTo("COMPLETE");
            assertThat(reachedSteps()).containsExactly("PREPAY", "IN_PROGRESS", "SUCCESS", "COMPLETE");
            assertThat(browser.findElement(By.id("end-step")).isDisplayed()).isFalse();
            List<List<String>> timeline = timelineRows();
            assertThat(timeline).hasSizeGreaterThanOrEqualTo(4);
            assertThat(timeline.getFirst()).startsWith("payment.order.issued", "APPLIED");
            assertThat(timeline)
                    .extracting(row -> row.get(0), row -> row.get(1), row -> row.get(3))
                    .contains(
                            tuple("payment.checkout.started", "APPLIED", "IN_PROGRESS"),
                            tuple("payment.pg.result", "APPLIED", "SUCCESS"));
            // the confirm's answer or the look-up the PG's DONE webhook prompted, whichever reached the partition first
            assertThat(timeline)
                    .filteredOn(
                            row -> row.get(1).equals("APPLIED") && row.get(3).equals("COMPLETE"))
                    .extracting(row -> row.get(0))
                    .singleElement()
                    .isIn("payment.pg.confirmation", "payment.pg.status");
            assertThat(timeline.getLast().get(3)).isEqualTo("COMPLETE");

            assertOneCompletion(orderId, "COMPLETE", 24_000);
            assertThat(approvals(orderId)).isEqualTo(1);
            assertNoSecretLogged();
        } finally {
            screenshot("pay");
        }
    }

    @ConcurrentTest
    void buyerWhoseCardIsDeclinedSeesTheFailureAndItsReason() {
        try {
            String orderId = order("coffee-beans", 1, "CARD", "15,000원");

            browser.findElement(By.id("decline")).click();

            WebElement status = awaitTerminalResultPage(orderId);
            assertThat(status.getText()).isEqualTo("FAIL");
            assertThat(browser.findElement(By.id("detail")).getText()).contains("REJECT_CARD_COMPANY");
            WebElement end = browser.findElement(By.id("end-step"));
            assertThat(end.isDisplayed()).isTrue();
            assertThat(end.getAttribute("data-step")).isEqualTo("FAIL");
            assertThat(end.getText()).contains("FAIL (REJECT_CARD_COMPANY)");
            assertThat(reachedSteps()).containsExactly("PREPAY", "IN_PROGRESS", "FAIL");
            assertThat(timelineRows()).extracting(row -> row.get(0)).contains("payment.pg.result");

            assertOneCompletion(orderId, "FAIL", 15_000);
            assertThat(approvals(orderId)).isZero();
            assertNoSecretLogged();
        } finally {
            screenshot("decline");
        }
    }

    @ConcurrentTest
    void buyerWhoCancelsInThePaymentWindowSeesTheOrderCancelled() {
        try {
            String orderId = order("paper-filters", 3, "CARD", "13,500원");

            browser.findElement(By.id("cancel")).click();

            WebElement status = awaitTerminalResultPage(orderId);
            assertThat(status.getText()).isEqualTo("CANCEL");
            WebElement end = browser.findElement(By.id("end-step"));
            assertThat(end.getAttribute("data-step")).isEqualTo("CANCEL");
            assertThat(end.getText()).contains("CANCEL");
            assertThat(reachedSteps()).containsExactly("PREPAY", "IN_PROGRESS", "CANCEL");
            assertThat(timelineRows()).isNotEmpty();

            assertOneCompletion(orderId, "CANCEL", 13_500);
            assertThat(approvals(orderId)).isZero();
            assertNoSecretLogged();
        } finally {
            screenshot("cancel");
        }
    }

    @ConcurrentTest
    void merchantRefundsPartThenTheRestOfAPaidOrderFromTheOrdersPage() {
        try {
            String orderId = order("coffee-beans", 2, "CARD", "30,000원");
            browser.findElement(By.id("pay")).click();
            assertThat(awaitTerminalResultPage(orderId).getText()).isEqualTo("COMPLETE");
            String token = resultPageToken();
            assertOneCompletion(orderId, "COMPLETE", 30_000);

            openOrdersPage();
            WebElement paid = orderOnOrdersPage(orderId);
            assertThat(paid.getAttribute("data-status")).isEqualTo("COMPLETE");
            assertThat(paid.getAttribute("data-refunded-amount")).isEqualTo("0");
            assertThat(paid.findElement(By.cssSelector(".refundable")).getAttribute("data-refundable"))
                    .isEqualTo("30000");

            // 40 % of it first, then the rest: an empty amount is the whole balance left
            String part = refundOnOrdersPage(orderId, "12000");
            awaitRefundSucceeded(orderId, part);
            paid = orderOnOrdersPage(orderId);
            assertThat(paid.getAttribute("data-refunded-amount")).isEqualTo("12000");
            assertThat(paid.findElement(By.cssSelector(".refundable")).getAttribute("data-refundable"))
                    .isEqualTo("18000");
            String rest = refundOnOrdersPage(orderId, "");
            assertThat(rest).isNotEqualTo(part);
            awaitRefundSucceeded(orderId, rest);

            paid = orderOnOrdersPage(orderId);
            assertThat(paid.getAttribute("data-status")).isEqualTo("COMPLETE");
            assertThat(paid.getAttribute("data-refunded-amount"))
                    .isEqualTo(paid.getAttribute("data-amount"))
                    .isEqualTo("30000");
            assertThat(paid.findElement(By.cssSelector(".refunded-amount")).getText())
                    .isEqualTo("30,000원");
            assertThat(paid.findElements(By.cssSelector("tr.refund")))
                    .extracting(
                            row -> row.getAttribute("data-refund-id"),
                            row -> row.getAttribute("data-status"),
                            row -> row.getAttribute("data-amount"))
                    .containsExactly(tuple(part, "SUCCEEDED", "12000"), tuple(rest, "SUCCEEDED", "18000"));
            // balance 0: nothing left to refund
            assertThat(paid.findElements(By.cssSelector("form.refund-form"))).isEmpty();
            assertThat(browser.findElements(By.cssSelector("meta[http-equiv='refresh']")))
                    .isEmpty();
            assertNoMerchantKeyInTheBrowser();

            assertRefundCompletions(orderId, part, rest);
            JsonNode ledger = pg.ledger(orderId);
            assertThat(ledger.get("approvals").asLong()).isEqualTo(1);
            assertThat(ledger.get("cancels").asLong()).isEqualTo(2);
            assertThat(ledger.get("canceledAmount").asLong()).isEqualTo(30_000);
            assertNoSecretLogged(token);
        } finally {
            screenshot("refund-part-then-rest");
        }
    }

    @ConcurrentTest
    void buyerPaysByVirtualAccountSeesTheAccountDepositsFromTheSandboxConsoleAndSeesTheOrderComplete() {
        try {
            String orderId = order("coffee-beans", 1, "VIRTUAL_ACCOUNT", "15,000원");

            browser.findElement(By.id("pay")).click();

            awaitAwaitingDeposit(orderId);
            String resultPage = browser.getCurrentUrl();
            String accountNumber = browser.findElement(By.id("account-number")).getText();
            assertThat(accountNumber).matches("X[0-9]{13}");
            assertThat(browser.findElement(By.id("bank")).getText()).isEqualTo("우리은행 (20)");
            assertThat(browser.findElement(By.id("account-holder")).getText()).isEqualTo("김토스");
            assertThat(browser.findElement(By.id("deposit-amount")).getText()).isEqualTo("15,000원");
            assertThat(browser.findElement(By.id("method")).getText()).isEqualTo("가상계좌 (Virtual account)");
            // the sandbox's default validity (Toss's 168 h)
            assertThat(Duration.between(Instant.now(), dueDate()))
                    .isBetween(Duration.ofHours(167), Duration.ofHours(168));
            assertThat(browser.findElement(By.id("due-date")).getText()).endsWith("(KST)");
            screenshot("virtual-account-awaiting");
            JsonNode awaiting = onlyAwaitingDepositRecord(orderId);
            assertThat(awaiting.get("data").get("accountNumber").asString()).isEqualTo(accountNumber);
            assertThat(probe.completions(orderId)).isEmpty();

            // the buyer's transfer, as Toss's developer console makes one
            browser.get(stack.sandboxUrl() + "/sandbox/console/virtual-accounts?orderId=" + orderId);
            assertThat(browser.findElement(By.id("va-" + orderId)).getText()).contains(accountNumber, "15,000원");
            browser.findElement(By.id("deposit-" + orderId)).click();
            wait(Duration.ofSeconds(20))
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("reverse-" + orderId)));
            assertThat(browser.findElement(By.cssSelector("#va-" + orderId + " .status"))
                            .getText())
                    .isEqualTo("DONE");

            browser.get(resultPage);
            WebElement status = awaitTerminalResultPage(orderId);
            assertThat(status.getText()).isEqualTo("COMPLETE");
            assertThat(browser.findElement(By.id("virtual-account")).isDisplayed())
                    .isFalse();
            assertThat(reachedSteps())
                    .containsExactly("PREPAY", "IN_PROGRESS", "SUCCESS", "AWAITING_DEPOSIT", "COMPLETE");

            assertOneCompletion(orderId, "COMPLETE", 15_000);
            onlyAwaitingDepositRecord(orderId);
            JsonNode ledger = pg.ledger(orderId);
            assertThat(ledger.get("approvals").asLong()).isEqualTo(1);
            assertThat(ledger.get("deposits").asLong()).isEqualTo(1);
            assertNoSecretLogged();
            assertThat(output.text()).doesNotContain(accountNumber);
        } finally {
            screenshot("virtual-account-complete");
        }
    }

    @ConcurrentTest
    void buyerWhoDoesNotTransferBeforeTheDeadlineSeesTheOrderCancelledAndNothingIsApproved() {
        try {
            String orderId = order("paper-filters", 2, "VIRTUAL_ACCOUNT", "9,000원");
            // the window is open: the payment exists, its account is not issued yet
            String paymentKey = pg.ledger(orderId).get("paymentKey").asString();
            shortenVirtualAccountValidity(paymentKey, SHORT_VALIDITY);
            Instant paid = Instant.now();

            browser.findElement(By.id("pay")).click();

            awaitAwaitingDeposit(orderId);
            assertThat(dueDate()).isAfter(paid).isBefore(Instant.now().plus(SHORT_VALIDITY));
            WebElement status = awaitTerminalResultPage(orderId);
            assertThat(status.getText()).isEqualTo("CANCEL");
            assertThat(browser.findElement(By.id("detail")).getText())
                    .contains("입금 기한이 지나", "The deposit deadline passed");
            assertThat(browser.findElement(By.id("end-step")).getText()).contains("CANCEL (DEPOSIT_EXPIRED)");
            assertThat(browser.findElement(By.id("virtual-account")).isDisplayed())
                    .isFalse();

            assertOneCompletion(orderId, "CANCEL", 9_000);
            assertThat(JSON.readTree(probe.completions(orderId).getFirst().value())
                            .get("data")
                            .get("reason")
                            .asString())
                    .isEqualTo("DEPOSIT_EXPIRED");
            onlyAwaitingDepositRecord(orderId);
            // the payment system cancelled the account at the PG: a late transfer bounces, nothing was approved
            JsonNode ledger = pg.ledger(orderId);
            assertThat(ledger.get("status").asString()).isEqualTo("CANCELED");
            assertThat(ledger.get("approvals").asLong()).isZero();
            assertThat(ledger.get("deposits").asLong()).isZero();
            assertNoSecretLogged();
        } finally {
            screenshot("virtual-account-expired");
        }
    }

    /**
     * On the shop's page: chooses a product, a quantity and the payment method (its constant, e.g.
     * {@code VIRTUAL_ACCOUNT}) and presses Order; the shop's checkout page opens the payment window through the
     * sandbox's SDK script. Returns the orderId the window shows, once it shows the expected amount with the method
     * chosen.
     */
    private String order(String product, int quantity, String method, String amountShown) {
        browser.get(Launch.url(shopApplication) + "/");
        assertThat(browser.getTitle()).isEqualTo("Demo shop");
        assertNoMerchantKeyInTheBrowser();
        browser.findElement(By.cssSelector("input[name='product'][value='" + product + "']"))
                .click();
        new Select(browser.findElement(By.id("quantity"))).selectByValue(Integer.toString(quantity));
        browser.findElement(By.id("method-" + method)).click();

        browser.findElement(By.id("order")).click();

        wait(Duration.ofSeconds(20))
                .withMessage(() -> "the payment window; the browser shows " + browser.getCurrentUrl() + ": "
                        + browser.findElement(By.tagName("body")).getText())
                // the checkout page navigates to the window once the script's pre-check answers: a look at the page
                // during that navigation is aborted by it, and is simply tried again
                .ignoring(WebDriverException.class)
                .until(ExpectedConditions.and(
                        ExpectedConditions.urlContains("/sandbox/checkout"),
                        ExpectedConditions.presenceOfElementLocated(By.id("pay"))));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/sandbox/checkout");
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo(amountShown);
        // requestPayment's method preselected in the window
        assertThat(browser.findElement(By.id("method-" + method)).isSelected()).isTrue();
        assertNoMerchantKeyInTheBrowser();
        String orderId = browser.findElement(By.id("orderId")).getText();
        assertThat(orderId).startsWith("shop-");
        return orderId;
    }

    /** Waits until the edge's result page shows the order awaiting its deposit, with the account to transfer to. */
    private void awaitAwaitingDeposit(String orderId) {
        wait(UNTIL_TERMINAL)
                .withMessage(() -> "order " + orderId + " to await its deposit; the page shows "
                        + browser.findElement(By.id("status")).getText())
                .until(ExpectedConditions.and(
                        ExpectedConditions.textToBe(By.id("status"), "AWAITING_DEPOSIT"),
                        ExpectedConditions.visibilityOfElementLocated(By.id("virtual-account"))));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/orders/" + orderId + "/result");
        assertThat(browser.findElement(By.id("status")).getAttribute("data-terminal"))
                .isNotEqualTo("true");
        assertNoMerchantKeyInTheBrowser();
    }

    /** The deposit deadline the result page shows, from its {@code datetime}. */
    private Instant dueDate() {
        return OffsetDateTime.parse(browser.findElement(By.id("due-date")).getAttribute("datetime"))
                .toInstant();
    }

    /**
     * The sandbox's automation API: the account this payment's confirm will issue is valid for {@code validFor} only
     * (its deadline then passes within the test).
     */
    private static void shortenVirtualAccountValidity(String paymentKey, Duration validFor) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        stack.sandboxUrl() + "/sandbox/v1/payments/" + paymentKey + "/virtual-account-validity"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"validForSeconds\":" + validFor.toSeconds() + "}"))
                .build();
        try {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The order's one {@code payment.order.awaiting-deposit} record on payments.completions, with its contract id. */
    private JsonNode onlyAwaitingDepositRecord(String orderId) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(completionRecords(orderId, EventType.ORDER_AWAITING_DEPOSIT))
                        .isNotEmpty());
        List<JsonNode> records = completionRecords(orderId, EventType.ORDER_AWAITING_DEPOSIT);
        assertThat(records).hasSize(1);
        JsonNode awaiting = records.getFirst();
        assertThat(awaiting.get("id").asString()).isEqualTo(EventIds.awaitingDeposit(orderId));
        assertThat(awaiting.get("data").get("orderId").asString()).isEqualTo(orderId);
        return awaiting;
    }

    /** Waits until the edge's result page for {@code orderId} says it is terminal; returns its {@code #status}. */
    private WebElement awaitTerminalResultPage(String orderId) {
        wait(UNTIL_TERMINAL).until(ExpectedConditions.attributeToBe(By.id("status"), "data-terminal", "true"));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/orders/" + orderId + "/result");
        assertThat(browser.findElement(By.id("order-id")).getText()).isEqualTo(orderId);
        assertThat(browser.findElement(By.id("back-to-shop")).getAttribute("href"))
                .as("the buyer's way back to the shop")
                .isEqualTo(Launch.url(shopApplication) + "/");
        assertNoMerchantKeyInTheBrowser();
        return browser.findElement(By.id("status"));
    }

    /** From the shop's product page, follows its link to the merchant's Orders page. */
    private void openOrdersPage() {
        browser.get(Launch.url(shopApplication) + "/");
        browser.findElement(By.id("orders-link")).click();
        wait(Duration.ofSeconds(20)).until(ExpectedConditions.titleIs("Orders"));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/orders");
        assertNoMerchantKeyInTheBrowser();
    }

    private WebElement orderOnOrdersPage(String orderId) {
        return browser.findElement(By.id("order-" + orderId));
    }

    /**
     * Fills the order's Refund form ({@code amount} empty: the whole balance; the reason as the form proposes it) and
     * sends it; returns the refundId the form carried, once the Orders page is back and names it.
     */
    private String refundOnOrdersPage(String orderId, String amount) {
        WebElement form = orderOnOrdersPage(orderId).findElement(By.cssSelector("form.refund-form"));
        String refundId = form.findElement(By.name("refundId")).getAttribute("value");
        assertThat(refundId).isNotBlank();
        assertThat(form.findElement(By.name("reason")).getAttribute("value")).isEqualTo("Customer request");
        WebElement amountField = form.findElement(By.name("amount"));
        amountField.clear();
        if (!amount.isEmpty()) {
            amountField.sendKeys(amount);
        }

        form.findElement(By.cssSelector("button.refund-button")).click();

        // the Orders page again, or the shop's page saying what the payment system answered
        wait(Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#notice, #error-title")));
        if (!browser.findElements(By.id("error-title")).isEmpty()) {
            fail("refund " + refundId + " was not accepted: "
                    + browser.findElement(By.tagName("main")).getText());
        }
        assertThat(browser.findElement(By.id("notice")).getText())
                .startsWith("Refund " + refundId + " of order " + orderId);
        assertThat(browser.getTitle()).isEqualTo("Orders");
        assertNoMerchantKeyInTheBrowser();
        return refundId;
    }

    /**
     * Reloads the Orders page until the refund shows {@code SUCCEEDED}; a refund that shows {@code FAILED} fails the
     * test at once, with its code.
     */
    private void awaitRefundSucceeded(String orderId, String refundId) {
        By row = By.cssSelector("#order-" + orderId + " tr.refund[data-refund-id='" + refundId + "']");
        AtomicReference<String> shown = new AtomicReference<>("no row for it");
        // on a timeout: what the page showed last, and what the worker did with the order's events
        Supplier<String> whatHappened = () -> "refund " + refundId + " to show SUCCEEDED on the Orders page; it shows "
                + shown.get() + "; the order's timeline: "
                + probe.timeline(orderId).stream()
                        .map(entry -> entry.type() + " " + entry.result()
                                + (entry.reason() == null ? "" : " " + entry.reason()))
                        .toList()
                + "; its dead letters: " + deadLetters(orderId);
        wait(UNTIL_TERMINAL)
                .pollingEvery(Duration.ofSeconds(1))
                .withMessage(whatHappened)
                .until(driver -> {
                    driver.navigate().refresh();
                    List<WebElement> rows = driver.findElements(row);
                    if (rows.isEmpty()) {
                        return false;
                    }
                    shown.set(rows.getFirst().getText());
                    String status = rows.getFirst().getAttribute("data-status");
                    if ("FAILED".equals(status)) {
                        fail("refund " + refundId + " FAILED: "
                                + rows.getFirst().getText());
                    }
                    return "SUCCEEDED".equals(status);
                });
    }

    /**
     * Exactly one {@code payment.refund.completed} per refund on payments.completions, with the id the contract gives
     * it, in the order the refunds were made, the order's refunded total growing to its amount.
     */
    private void assertRefundCompletions(String orderId, String part, String rest) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(completionRecords(orderId, EventType.REFUND_COMPLETED))
                        .hasSizeGreaterThanOrEqualTo(2));
        List<JsonNode> completions = completionRecords(orderId, EventType.REFUND_COMPLETED);
        assertThat(completions)
                .extracting(
                        completion -> completion.get("id").asString(),
                        completion -> completion.get("data").get("refundId").asString(),
                        completion -> completion.get("data").get("status").asString(),
                        completion -> completion.get("data").get("amount").asLong(),
                        completion ->
                                completion.get("data").get("refundedAmount").asLong())
                .containsExactly(
                        tuple(EventIds.refundCompleted(orderId, part), part, "SUCCEEDED", 12_000L, 12_000L),
                        tuple(EventIds.refundCompleted(orderId, rest), rest, "SUCCEEDED", 18_000L, 30_000L));
    }

    /** The order's records on the dead-letter topic, each as the worker's reason and the failure's message. */
    private static List<String> deadLetters(String orderId) {
        return KafkaRecords.readAll(stack.bootstrapServers(), Topics.ORDER_EVENTS_DLT, orderId).stream()
                .map(record -> header(record, DeadLetters.REASON_HEADER) + ": "
                        + header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The order's records of {@code type} on payments.completions, in their partition's order. */
    private static List<JsonNode> completionRecords(String orderId, EventType type) {
        return KafkaRecords.readAll(stack.bootstrapServers(), Topics.COMPLETIONS, orderId).stream()
                .map(record -> JSON.readTree(record.value()))
                .filter(record -> type.type().equals(record.path("type").asString(null)))
                .toList();
    }

    private List<String> reachedSteps() {
        return browser.findElements(By.cssSelector("#steps li[data-reached='true']")).stream()
                .map(step -> step.getAttribute("data-step"))
                .toList();
    }

    /** The timeline table's rows as cell texts: type, result, reason, status, at. */
    private List<List<String>> timelineRows() {
        return browser.findElements(By.cssSelector("#timeline tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream()
                        .map(WebElement::getText)
                        .toList())
                .toList();
    }

    /** Exactly one distinct completion on payments.completions for the order, with the page's final status. */
    private void assertOneCompletion(String orderId, String status, long amount) {
        probe.awaitCompletions(orderId, 1);
        List<ConsumerRecord<String, String>> completions = probe.completions(orderId);
        assertThat(completions).hasSize(1);
        JsonNode completion = JSON.readTree(completions.getFirst().value());
        assertThat(completion.get("id").asString()).isEqualTo(orderId + ":completion");
        assertThat(completion.get("type").asString()).isEqualTo("payment.order.completed");
        assertThat(completion.get("data").get("orderId").asString()).isEqualTo(orderId);
        assertThat(completion.get("data").get("status").asString()).isEqualTo(status);
        assertThat(completion.get("data").get("amount").asLong()).isEqualTo(amount);
    }

    /** The merchant key reaches no page, no URL the browser visits. */
    private void assertNoMerchantKeyInTheBrowser() {
        assertThat(browser.getCurrentUrl()).doesNotContain(Launch.MERCHANT_KEY);
        assertThat(browser.getPageSource()).doesNotContain(Launch.MERCHANT_KEY);
    }

    /** Neither the merchant key nor the order's token (from the result page's URL) is in any log line. */
    private void assertNoSecretLogged() {
        assertNoSecretLogged(resultPageToken());
    }

    private static void assertNoSecretLogged(String token) {
        assertThat(output.text()).doesNotContain(Launch.MERCHANT_KEY).doesNotContain(token);
    }

    /** The order's token, from the URL of the edge's result page the browser is on. */
    private String resultPageToken() {
        String token = Arrays.stream(
                        URI.create(browser.getCurrentUrl()).getRawQuery().split("&"))
                .filter(parameter -> parameter.startsWith("token="))
                .map(parameter -> URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8))
                .findFirst()
                .orElseThrow();
        assertThat(token).isNotBlank();
        return token;
    }

    /** A wait that looks again when the page it looked at was replaced meanwhile (the redirects after a button). */
    private WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private void screenshot(String scenario) {
        if (browser == null) {
            return;
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve("demo-shop-" + scenario + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireBrowser() {
        List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER)
                .filter(path -> !Files.isExecutable(path))
                .map(Path::toString)
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        String message = "DemoShopBrowserIT needs Debian's chromium and chromium-driver; missing " + missing
                + " (apt-get install chromium chromium-driver, as .ci/run does)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
