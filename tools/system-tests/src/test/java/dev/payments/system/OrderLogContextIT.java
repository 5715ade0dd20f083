package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.payments.system.EdgeClient.IssuedOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An operator greps one orderId and finds what the worker did about it: its log lines carry the order in the console
 * pattern ({@code orderId=...}, from {@code logging.pattern.correlation}) and, in JSON mode, as an {@code orderId}
 * field. The stack's contexts share this JVM's logging, so the JSON mode is checked with a second console appender
 * using the encoder Spring Boot installs for {@code logging.structured.format.console=ecs}
 * ({@link StructuredLogEncoder}), attached for the length of the test only. Neither form shows a token or key.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrderLogContextIT extends SystemTestBase {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void workerLinesAboutAnOrderCarryItsOrderIdAsTextAndAsAJsonField(CapturedOutput output) {
        ConsoleAppender<ILoggingEvent> json = ecsConsoleAppender();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(json);
        IssuedOrder order;
        try {
            EdgeClient edge = stack.edgeClient();
            order = edge.issue(newOrderId("mdc"), AMOUNT);
            assertThat(edge.checkout(order.orderId(), order.csrfToken()).statusCode())
                    .isEqualTo(202);
            assertThat(edge.successRedirect(order, "pk-" + order.orderId(), AMOUNT)
                            .statusCode())
                    .isEqualTo(303);
            probe.awaitStatus(order.orderId(), "COMPLETE");
            // the confirm job's line and the outbox relay's line, each in both forms
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output.getAll())
                    .contains("PG approved order " + order.orderId())
                    .contains("Completion of order " + order.orderId() + " published")
                    .contains("\"message\":\"Completion of order " + order.orderId() + " published"));
        } finally {
            root.detachAppender(json);
            json.stop();
        }
        String orderId = order.orderId();
        List<String> lines = output.getAll().lines().toList();
        List<String> plainAboutOrder = lines.stream()
                .filter(line -> !line.startsWith("{") && line.contains("order " + orderId))
                .toList();
        List<JsonNode> jsonLines = lines.stream()
                .filter(line -> line.startsWith("{"))
                .map(MAPPER::readTree)
                .toList();
        List<JsonNode> jsonAboutOrder = jsonLines.stream()
                .filter(line -> line.path("message").asString().contains("order " + orderId))
                .toList();

        assertThat(plainAboutOrder)
                .as("console lines about the order")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(line -> assertThat(line).contains("orderId=" + orderId + " "));
        assertThat(jsonLines)
                .as("JSON lines: the worker's and the edge's, each an ECS document")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.has("@timestamp") && line.has("message"))
                        .as("%s", line)
                        .isTrue());
        assertThat(jsonAboutOrder)
                .as("JSON lines about the order")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(line -> assertThat(line.path("orderId").asString())
                        .as("%s", line)
                        .isEqualTo(orderId));
        assertThat(jsonAboutOrder).as("the confirm job's line").anySatisfy(line -> assertThat(
                        line.path("message").asString())
                .startsWith("PG approved order " + orderId));

        assertThat(output.getAll())
                .doesNotContain(
                        PaymentsStack.MERCHANT_KEY,
                        LogSecretsIT.TOKEN_SECRET,
                        PaymentsStack.PG_SECRET_KEY,
                        base64(PaymentsStack.PG_SECRET_KEY + ":"),
                        order.csrfToken());
    }

    /** What {@code logging.structured.format.console=ecs} makes Boot's console appender write. */
    private static ConsoleAppender<ILoggingEvent> ecsConsoleAppender() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (context.getObject(Environment.class.getName()) == null) {
            context.putObject(Environment.class.getName(), stack.worker.getEnvironment());
        }
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("ecs-json-for-" + OrderLogContextIT.class.getSimpleName());
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
