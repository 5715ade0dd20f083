package dev.payments.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.payments.schemas.PgResult.Channel;
import dev.payments.schemas.PgResult.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Every event type's record, serialised as a producer would, must satisfy the JSON Schema that other languages use. */
class EventSchemaContractTest {

    static final String ORDER_ID = "order-0001";
    static final Instant NOW = Instant.parse("2026-11-23T10:15:30.120Z");
    /** Keeps the PG's +09:00 offsets as written, as the services' mappers do. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    /** One realistic example of every event type (an Object Mother for the contract). */
    static Map<EventType, EventData> examples() {
        var examples = new EnumMap<EventType, EventData>(EventType.class);
        examples.put(
                EventType.ORDER_ISSUED,
                new OrderIssued(
                        ORDER_ID, 15_000, "KRW", "Coffee beans 1kg", "a".repeat(64), NOW, "Kim", "kim@example.com"));
        examples.put(EventType.CHECKOUT_STARTED, new CheckoutStarted(ORDER_ID, "csrf-token"));
        examples.put(
                EventType.PG_RESULT, PgResult.success(ORDER_ID, "csrf-token", Channel.REDIRECT, "pk_123", 15_000L));
        examples.put(
                EventType.PG_CONFIRMATION,
                PgConfirmation.approved(ORDER_ID, "pk_123", OffsetDateTime.parse("2026-11-23T19:15:31+09:00")));
        examples.put(
                EventType.PG_STATUS,
                new PgStatus(
                        ORDER_ID,
                        "pk_123",
                        "DONE",
                        15_000L,
                        OffsetDateTime.parse("2026-11-23T19:15:31+09:00"),
                        PgStatus.Verification.SIGNATURE,
                        "wh-transmission-1"));
        examples.put(EventType.ORDER_EXPIRE, new OrderExpire(ORDER_ID));
        examples.put(
                EventType.ORDER_COMPLETED,
                new OrderCompleted(
                        ORDER_ID,
                        OrderCompleted.Status.COMPLETE,
                        15_000,
                        "KRW",
                        "pk_123",
                        OffsetDateTime.parse("2026-11-23T19:15:31+09:00"),
                        null,
                        NOW));
        examples.put(
                EventType.ORDER_ANOMALY,
                new OrderAnomaly(
                        ORDER_ID, "CANCELED_AT_PG", 15_000, "KRW", "pk_123", "PARTIAL_CANCELED", 15_000L, NOW));
        examples.put(EventType.REFUND_REQUESTED, new RefundRequested(ORDER_ID, "refund-1", 5_000L, "size exchange"));
        examples.put(
                EventType.PG_REFUND,
                PgRefund.succeeded(
                        ORDER_ID, "refund-1", "tx_1", OffsetDateTime.parse("2026-11-23T19:20:00+09:00"), 10_000L));
        examples.put(
                EventType.REFUND_COMPLETED,
                new RefundCompleted(
                        ORDER_ID,
                        "refund-1",
                        RefundCompleted.Status.SUCCEEDED,
                        5_000,
                        5_000,
                        "KRW",
                        "size exchange",
                        null,
                        NOW));
        examples.put(
                EventType.ORDER_AWAITING_DEPOSIT,
                OrderAwaitingDeposit.of(ORDER_ID, 15_000, "KRW", ACCOUNT, "가상계좌", "pk_123", NOW));
        return examples;
    }

    static final VirtualAccount ACCOUNT =
            new VirtualAccount("20", "X1234567890123", "김토스", OffsetDateTime.parse("2026-11-30T23:59:59+09:00"));

    static Stream<EventType> eventTypes() {
        return Stream.of(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serialisedEventOfEveryTypeSatisfiesItsSchema(EventType type) {
        EventData data = examples().get(type);
        JsonNode json = MAPPER.valueToTree(CloudEvent.of("evt-1", EventSources.API_EDGE, NOW, data));

        assertThat(errors(type, json)).isEmpty();
        assertThat(json.get("type").asString()).isEqualTo(type.type());
        assertThat(json.get("subject").asString()).isEqualTo(ORDER_ID);
        assertThat(MAPPER.treeToValue(json.get("data"), type.dataType())).isEqualTo(data);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemaRefusesAnEnvelopeWithoutData(EventType type) {
        ObjectNode json = MAPPER.valueToTree(
                CloudEvent.of("evt-1", "/shop", NOW, examples().get(type)));
        json.remove("data");

        assertThat(errors(type, json)).extracting(Error::getMessage).anyMatch(m -> m.contains("data"));
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemaRefusesAnotherType(EventType type) {
        ObjectNode json = MAPPER.valueToTree(
                CloudEvent.of("evt-1", "/shop", NOW, examples().get(type)));
        json.put("type", "payment.something.else");

        assertThat(errors(type, json)).isNotEmpty();
    }

    @Test
    void parsesTheContractsExampleEnvelope() {
        String example = """
                {"specversion":"1.0","id":"3f1c9a0e-1","source":"/api-edge","type":"payment.pg.result",
                 "subject":"order-0001","time":"2026-11-23T10:15:30.120Z","datacontenttype":"application/json",
                 "data":{"orderId":"order-0001","outcome":"SUCCESS","token":"t","channel":"REDIRECT",
                         "paymentKey":"pk_123","amount":15000,"somethingNew":true}}
                """;
        JsonNode json = MAPPER.readTree(example);

        assertThat(errors(EventType.PG_RESULT, json)).isEmpty();
        PgResult data = MAPPER.treeToValue(json.get("data"), PgResult.class);
        assertThat(data).isEqualTo(PgResult.success("order-0001", "t", Channel.REDIRECT, "pk_123", 15_000L));
        assertThat(Instant.parse(json.get("time").asString())).isEqualTo(NOW);
    }

    @Test
    void successResultWithoutPaymentKeyOrAmountIsInvalid() {
        ObjectNode json = MAPPER.valueToTree(CloudEvent.of(
                "evt-1",
                "/shop",
                NOW,
                new PgResult(ORDER_ID, Outcome.SUCCESS, "t", Channel.WEBHOOK, null, null, null, null)));

        assertThat(errors(EventType.PG_RESULT, json)).isNotEmpty();
    }

    @Test
    void failResultNeedsNoPaymentKey() {
        JsonNode json = MAPPER.valueToTree(CloudEvent.of(
                "evt-1",
                "/shop",
                NOW,
                PgResult.failure(
                        ORDER_ID, Outcome.CANCEL, "t", Channel.REDIRECT, "PAY_PROCESS_CANCELED", "cancelled")));

        assertThat(errors(EventType.PG_RESULT, json)).isEmpty();
    }

    @Test
    void issuedOrderWithMalformedFieldsIsInvalid() {
        ObjectNode json = MAPPER.valueToTree(
                CloudEvent.of("evt-1", "/shop", NOW, examples().get(EventType.ORDER_ISSUED)));
        ObjectNode data = (ObjectNode) json.get("data");
        data.put("orderId", "bad id!");
        data.put("tokenHash", "not-hex");
        data.put("currency", "USD");
        data.put("expiresAt", "tomorrow");

        assertThat(errors(EventType.ORDER_ISSUED, json))
                .extracting(e -> e.getInstanceLocation().toString())
                .contains("/data/orderId", "/data/tokenHash", "/data/currency", "/data/expiresAt");
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everySchemaTakesAWorkerProofAsAnOptionalBoundedString(EventType type) {
        CloudEvent<EventData> event =
                CloudEvent.of("evt-1", EventSources.WORKER, NOW, examples().get(type));
        ObjectNode signed = MAPPER.valueToTree(event.withWorkerauth("v1:" + "A".repeat(43) + "="));
        ObjectNode tooLong = MAPPER.valueToTree(event.withWorkerauth("v1:" + "A".repeat(WorkerEventProof.MAX_LENGTH)));
        ObjectNode notAString = MAPPER.valueToTree(event);
        notAString.put(WorkerEventProof.ATTRIBUTE, 42);

        assertThat(errors(type, signed)).isEmpty();
        assertThat(errors(type, tooLong)).isNotEmpty();
        assertThat(errors(type, notAString)).isNotEmpty();
    }

    @Test
    void anEnvelopeWithoutProofHasNoProofAttribute() {
        JsonNode json = MAPPER.valueToTree(
                CloudEvent.of("evt-1", "/shop", NOW, examples().get(EventType.PG_RESULT)));

        assertThat(json.has(WorkerEventProof.ATTRIBUTE)).isFalse();
    }

    @Test
    void theProofTravelsInTheEnvelopesJson() {
        CloudEvent<EventData> signed = CloudEvent.of(
                        "evt-1", EventSources.WORKER, NOW, examples().get(EventType.ORDER_EXPIRE))
                .withWorkerauth("v1:proof");

        JsonNode json = MAPPER.valueToTree(signed);

        assertThat(json.get(WorkerEventProof.ATTRIBUTE).asString()).isEqualTo("v1:proof");
        CloudEvent<OrderExpire> read = MAPPER.treeToValue(
                json, MAPPER.getTypeFactory().constructParametricType(CloudEvent.class, OrderExpire.class));
        assertThat(read).isEqualTo(signed);
    }

    @Test
    void aPgStatusMayNameNoPaymentKey() {
        JsonNode json = MAPPER.valueToTree(CloudEvent.of(
                "evt-1",
                EventSources.API_EDGE,
                NOW,
                new PgStatus(ORDER_ID, null, "DONE", null, null, PgStatus.Verification.NONE, null)));

        assertThat(errors(EventType.PG_STATUS, json)).isEmpty();
    }

    @Test
    void anomalyWithoutThePgsStatusOrWithALowerCaseReasonIsInvalid() {
        ObjectNode json = MAPPER.valueToTree(
                CloudEvent.of("evt-1", EventSources.WORKER, NOW, examples().get(EventType.ORDER_ANOMALY)));
        ObjectNode data = (ObjectNode) json.get("data");
        data.remove("pgStatus");
        data.put("reason", "canceled at pg");

        assertThat(errors(EventType.ORDER_ANOMALY, json))
                .extracting(e -> e.getInstanceLocation() + " " + e.getMessage())
                .anyMatch(m -> m.contains("pgStatus"))
                .anyMatch(m -> m.startsWith("/data/reason"));
    }

    @Test
    void aRefundRequestMayNameNoAmountButNeedsAReasonAndAWellFormedRefundId() {
        assertThat(errors(
                        EventType.REFUND_REQUESTED,
                        envelope(new RefundRequested(ORDER_ID, "refund-1", null, "whole balance"))))
                .isEmpty();
        assertThat(errors(EventType.REFUND_REQUESTED, envelope(new RefundRequested(ORDER_ID, "refund-1", 5L, null))))
                .extracting(Error::getMessage)
                .anyMatch(m -> m.contains("reason"));
        assertThat(errors(EventType.REFUND_REQUESTED, envelope(new RefundRequested(ORDER_ID, "refund 1", 5L, "why"))))
                .extracting(e -> e.getInstanceLocation().toString())
                .anyMatch(m -> m.startsWith("/data/refundId"));
        assertThat(errors(EventType.REFUND_REQUESTED, envelope(new RefundRequested(ORDER_ID, "refund-1", 0L, "why"))))
                .extracting(e -> e.getInstanceLocation().toString())
                .anyMatch(m -> m.startsWith("/data/amount"));
    }

    @Test
    void refundIdsAreStablePerRefundAndTellTheThreeEventsApart() {
        assertThat(EventIds.refundRequested(ORDER_ID, "r-1")).isEqualTo("refund:order-0001:r-1");
        assertThat(EventIds.pgRefund(ORDER_ID, "r-1")).isEqualTo("order-0001:pg-refund:r-1");
        assertThat(EventIds.refundCompleted(ORDER_ID, "r-1")).isEqualTo("order-0001:refund:r-1");
    }

    @Test
    void refundIdShapeAndReasonLength() {
        assertThat(RefundId.isValid("a")).isTrue();
        assertThat(RefundId.isValid("A-z_0".repeat(12) + "abcd")).isTrue();
        assertThat(RefundId.isValid("x".repeat(65))).isFalse();
        assertThat(RefundId.isValid("")).isFalse();
        assertThat(RefundId.isValid("a.b")).isFalse();
        assertThat(RefundId.isValidReason("x".repeat(200))).isTrue();
        assertThat(RefundId.isValidReason("x".repeat(201))).isFalse();
        assertThat(RefundId.isValidReason(" ")).isFalse();
    }

    @Test
    void aRefundAnswerNeedsAProofAndARequestDoesNot() {
        assertThat(WorkerEventProof.requiredFor(PgRefund.failed(ORDER_ID, "r-1", "NOT_CANCELABLE_AMOUNT", "no")))
                .isTrue();
        assertThat(WorkerEventProof.requiredFor(new RefundRequested(ORDER_ID, "r-1", null, "why")))
                .isFalse();
    }

    private static JsonNode envelope(EventData data) {
        return MAPPER.valueToTree(CloudEvent.of("evt-1", EventSources.API_EDGE, NOW, data));
    }

    @Test
    void aConfirmationAwaitingADepositCarriesTheAccountAndTheSecret() {
        PgConfirmation awaiting = PgConfirmation.awaitingDeposit(ORDER_ID, "pk_123", "가상계좌", ACCOUNT, "ps_secret");

        assertThat(errors(EventType.PG_CONFIRMATION, envelope(awaiting))).isEmpty();
        assertThat(awaiting.approved()).isFalse();
        assertThat(awaiting.awaitsDeposit()).isTrue();
        assertThat(awaiting.virtualAccount()).isEqualTo(ACCOUNT);
        assertThat(awaiting.toString()).doesNotContain("X1234567890123", "ps_secret");

        ObjectNode withoutAccount = (ObjectNode) envelope(awaiting);
        ((ObjectNode) withoutAccount.get("data")).remove("accountNumber");
        assertThat(errors(EventType.PG_CONFIRMATION, withoutAccount)).isNotEmpty();
        ObjectNode approvedAndAwaiting = (ObjectNode) envelope(awaiting);
        ((ObjectNode) approvedAndAwaiting.get("data")).put("approved", true);
        assertThat(errors(EventType.PG_CONFIRMATION, approvedAndAwaiting)).isNotEmpty();
    }

    @Test
    void aRefundRequestMayCarryAWellFormedRefundAccount() {
        RefundReceiveAccount account = new RefundReceiveAccount("88", "12345678901", "김토스");
        RefundRequested request = new RefundRequested(ORDER_ID, "refund-1", null, "changed my mind", account);

        assertThat(errors(EventType.REFUND_REQUESTED, envelope(request))).isEmpty();
        assertThat(account.isValid()).isTrue();
        assertThat(request.toString()).doesNotContain("12345678901", "김토스");

        ObjectNode lettersInNumber = (ObjectNode) envelope(request);
        ((ObjectNode) lettersInNumber.get("data").get("refundReceiveAccount")).put("accountNumber", "12-34");
        assertThat(errors(EventType.REFUND_REQUESTED, lettersInNumber)).isNotEmpty();
        assertThat(new RefundReceiveAccount("88", "12-34", "김토스").isValid()).isFalse();
        assertThat(new RefundReceiveAccount("88", "1234", " ").isValid()).isFalse();
    }

    @Test
    void awaitingDepositIdIsStablePerOrderAndApartFromItsCompletion() {
        assertThat(EventIds.awaitingDeposit(ORDER_ID)).isEqualTo(ORDER_ID + ":awaiting-deposit");
        assertThat(EventIds.awaitingDeposit(ORDER_ID)).isNotEqualTo(EventIds.completion(ORDER_ID));
        assertThat(EventIds.depositExpire(ORDER_ID)).isNotEqualTo(EventIds.expire(ORDER_ID));
    }

    @Test
    void completionIdIsStablePerOrder() {
        assertThat(EventIds.completion(ORDER_ID)).isEqualTo("order-0001:completion");
    }

    private static List<Error> errors(EventType type, JsonNode json) {
        return schema(type).validate(json);
    }

    private static Schema schema(EventType type) {
        try (InputStream in =
                EventSchemaContractTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as(type.schemaResource()).isNotNull();
            return REGISTRY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
