package dev.payments.edge.fuzz;

import static dev.payments.edge.fuzz.Hostile.percentEncoded;
import static dev.payments.edge.fuzz.Hostile.quoted;

import dev.payments.schemas.OrderId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Generates hostile requests for every endpoint of the edge (docs/contract.md §4 and the OpenAPI document): bodies of random
 * shape and type, single fields made invalid in an otherwise valid request, broken JSON, wrong content types, auth
 * and signature header variants, odd Content-Length, and query strings with missing, repeated, over-long and
 * percent-garbage parameters.
 *
 * <p>Each case is derived from {@code seed} and its index alone, so {@code -Dfuzz.seed=<seed>} replays a run. The
 * default seed is fixed so that the build is deterministic; any other seed explores new cases.
 */
final class EdgeRequests {

    static final long SEED = Long.getLong("fuzz.seed", 20261124L);
    static final int TRIES = Integer.getInteger("fuzz.tries", 100);

    static final String TRANSMISSION_ID = "tosspayments-webhook-transmission-id";
    static final String TRANSMISSION_TIME = "tosspayments-webhook-transmission-time";
    static final String SIGNATURE = "tosspayments-webhook-signature";
    private static final DateTimeFormatter TRANSMISSION_TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final String merchantKey;
    private final String webhookSecret;
    private final String victimOrderId;

    /**
     * @param victimOrderId an order that exists; requests name it, but never carry its token
     */
    EdgeRequests(String merchantKey, String webhookSecret, String victimOrderId) {
        this.merchantKey = merchantKey;
        this.webhookSecret = webhookSecret;
        this.victimOrderId = victimOrderId;
    }

    /** {@code tries} cases of one generator, each labelled with the seed and index that replay it. */
    static Stream<FuzzRequest> cases(String property, int tries, Function<Hostile, FuzzRequest> generator) {
        // one stream of case seeds per property: neighbouring run seeds give unrelated cases
        SplittableRandom caseSeeds = new SplittableRandom(SEED ^ ((long) property.hashCode() << 32));
        long[] seeds = caseSeeds.longs(tries).toArray();
        return IntStream.range(0, tries).mapToObj(i -> {
            FuzzRequest request = generator.apply(new Hostile(new SplittableRandom(seeds[i])));
            return new FuzzRequest(
                    "seed " + SEED + " #" + i + " " + request.label(),
                    request.method(),
                    request.target(),
                    request.headers(),
                    request.body(),
                    request.expectedField(),
                    request.mayWrite());
        });
    }

    // ---------------------------------------------------------------- POST /api/v1/orders

    FuzzRequest issuance(Hostile h) {
        Map<String, String> fields = validIssuance(h);
        String json = object(fields);
        List<String[]> headers = new ArrayList<>();
        return switch (h.random().nextInt(7)) {
            case 6 -> {
                merchant(headers);
                yield json(h, "valid issuance", "POST", "/api/v1/orders", headers, json, null)
                        .withMayWrite(true);
            }
            case 0, 1 -> {
                String field = h.oneOf(INVALID_ISSUANCE_VALUES.keySet().stream().toList());
                fields.put(field, h.oneOf(INVALID_ISSUANCE_VALUES.get(field)));
                merchant(headers);
                yield json(
                        h, "issuance with invalid " + field, "POST", "/api/v1/orders", headers, object(fields), field);
            }
            case 2 -> {
                merchant(headers);
                yield json(h, "issuance with a random JSON body", "POST", "/api/v1/orders", headers, h.json(4), null)
                        .withMayWrite(true);
            }
            case 3 -> {
                merchant(headers);
                headers.add(contentType("application/json"));
                yield request("issuance with broken JSON", "POST", "/api/v1/orders", headers, h.brokenJson(json), null);
            }
            case 4 -> {
                String auth = h.oneOf(
                        "Bearer",
                        "Bearer ",
                        "Bearer wrong-key",
                        "Basic " + Base64.getEncoder().encodeToString((merchantKey + ":").getBytes()),
                        merchantKey,
                        "Bearer " + merchantKey.substring(1),
                        "Bearer " + merchantKey + "x",
                        "Bearer " + "k".repeat(h.between(100, 4000)),
                        "Bearer " + h.unicode(10));
                headers.add(new String[] {"Authorization", auth});
                if (h.chance(0.2)) {
                    headers.clear();
                }
                yield json(h, "issuance with bad credentials", "POST", "/api/v1/orders", headers, json, null);
            }
            default -> {
                merchant(headers);
                if (h.chance(0.5)) {
                    headers.add(new String[] {"Idempotency-Key", h.oneOf("", " ", "k".repeat(256), h.string())});
                }
                yield oddContent(h, "issuance", "/api/v1/orders", headers, json).withMayWrite(true);
            }
        };
    }

    private Map<String, String> validIssuance(Hostile h) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("orderId", quoted(h.orderId()));
        fields.put("amount", Long.toString(h.between(1, 1_000_000_000)));
        fields.put("orderName", quoted(h.chance(0.5) ? "Coffee beans 1kg" : h.unicode(h.between(1, 40))));
        if (h.chance(0.5)) {
            fields.put("currency", quoted("KRW"));
        }
        if (h.chance(0.3)) {
            fields.put("customerName", quoted(h.unicode(h.between(1, 50))));
        }
        if (h.chance(0.3)) {
            fields.put("customerEmail", quoted("buyer@example.com"));
        }
        return fields;
    }

    private static final Map<String, List<String>> INVALID_ISSUANCE_VALUES = Map.of(
            "orderId",
            List.of(
                    quoted("bad id!"),
                    quoted("short"),
                    quoted("a".repeat(65)),
                    quoted(""),
                    quoted("주문번호-0001"),
                    quoted("abcdef\n"),
                    "12345678",
                    "true",
                    "{}",
                    "[]"),
            "amount",
            List.of(
                    "0",
                    "-1",
                    "1000000001",
                    "1.5",
                    "1.0",
                    "1e3",
                    "1e400",
                    "99999999999999999999",
                    quoted("15000"),
                    "null",
                    "true",
                    "{}",
                    "[]"),
            "currency",
            List.of(quoted("USD"), quoted("krw"), quoted(""), quoted("KRW "), "1", "true", "{}", "[]"),
            "orderName",
            List.of(
                    quoted(""),
                    quoted("   "),
                    quoted("n".repeat(101)),
                    quoted("가".repeat(101)),
                    "null",
                    "7",
                    "[]",
                    "{}"),
            "customerName",
            List.of(quoted("n".repeat(101)), "5", "false", "{}", "[]"),
            "customerEmail",
            List.of(quoted("not-an-email"), quoted("a".repeat(95) + "@example.com"), "3", "{}", "[]"));

    // ---------------------------------------------------------------- POST /api/v1/orders/{orderId}/checkout

    FuzzRequest checkout(Hostile h) {
        List<String[]> headers = new ArrayList<>();
        // a path parameter (';v=1') is not part of the segment: the orderId stays valid
        String orderId =
                h.chance(0.6) ? h.oneOf(h.orderId(), victimOrderId, h.orderId() + ";v=1") : hostilePathSegment(h);
        boolean validPath = isValidSegment(orderId);
        String path = "/api/v1/orders/" + orderId + "/checkout";
        String valid = "{\"csrfToken\":" + quoted(h.alnum(h.between(1, 60))) + "}";
        return switch (h.random().nextInt(6)) {
            case 5 ->
                json(h, "valid checkout", "POST", path, headers, valid, null).withMayWrite(validPath);
            case 0, 1 -> {
                String body = h.oneOf(
                        "{}",
                        "{\"csrfToken\":null}",
                        "{\"csrfToken\":\"\"}",
                        "{\"csrfToken\":\"   \"}",
                        "{\"csrfToken\":" + quoted("t".repeat(513)) + "}",
                        "{\"csrfToken\":12345}",
                        "{\"csrfToken\":true}",
                        "{\"csrfToken\":[\"t\"]}",
                        "{\"csrfToken\":{\"t\":1}}");
                yield json(
                        h,
                        "checkout with invalid csrfToken",
                        "POST",
                        path,
                        headers,
                        body,
                        validPath ? "csrfToken" : null);
            }
            case 2 ->
                json(h, "checkout with a random body", "POST", path, headers, h.json(4), null)
                        .withMayWrite(validPath);
            case 3 -> {
                headers.add(contentType("application/json"));
                yield request("checkout with broken JSON", "POST", path, headers, h.brokenJson(valid), null);
            }
            default -> oddContent(h, "checkout", path, headers, valid).withMayWrite(validPath);
        };
    }

    // ---------------------------------------------------------------- POST /api/v1/orders/{orderId}/refunds

    /** Nothing may be written: the victim is not COMPLETE (409) and any other order is unknown (404). */
    FuzzRequest refund(Hostile h) {
        String orderId = h.chance(0.7) ? h.oneOf(h.orderId(), victimOrderId) : hostilePathSegment(h);
        boolean validPath = isValidSegment(orderId);
        String path = "/api/v1/orders/" + orderId + "/refunds";
        Map<String, String> fields = new LinkedHashMap<>();
        if (h.chance(0.7)) {
            fields.put("refundId", quoted("rf-" + h.alnum(h.between(1, 40))));
        }
        if (h.chance(0.6)) {
            fields.put("amount", Long.toString(h.between(1, 1_000_000_000)));
        }
        fields.put("reason", quoted(h.chance(0.5) ? "Out of stock" : h.alnum(h.between(1, 200))));
        List<String[]> headers = new ArrayList<>();
        return switch (h.random().nextInt(6)) {
            case 0, 1 -> {
                String field = h.oneOf(INVALID_REFUND_VALUES.keySet().stream().toList());
                fields.put(field, h.oneOf(INVALID_REFUND_VALUES.get(field)));
                merchant(headers);
                yield json(
                        h,
                        "refund with invalid " + field,
                        "POST",
                        path,
                        headers,
                        object(fields),
                        validPath ? field : null);
            }
            case 2 -> {
                merchant(headers);
                yield json(h, "refund with a random JSON body", "POST", path, headers, h.json(4), null);
            }
            case 3 -> {
                merchant(headers);
                headers.add(contentType("application/json"));
                yield request("refund with broken JSON", "POST", path, headers, h.brokenJson(object(fields)), null);
            }
            case 4 -> {
                if (h.chance(0.7)) {
                    headers.add(new String[] {"Authorization", h.oneOf("Bearer wrong-key", "Bearer", merchantKey)});
                }
                yield json(h, "refund with bad credentials", "POST", path, headers, object(fields), null);
            }
            default -> {
                merchant(headers);
                yield h.chance(0.5)
                        ? json(h, "valid refund", "POST", path, headers, object(fields), null)
                        : oddContent(h, "refund", path, headers, object(fields));
            }
        };
    }

    private static final Map<String, List<String>> INVALID_REFUND_VALUES = Map.of(
            "refundId",
            List.of(
                    quoted("bad id!"),
                    quoted(""),
                    quoted("r".repeat(65)),
                    quoted("환불-0001"),
                    "12345",
                    "true",
                    "{}",
                    "[]"),
            "amount",
            List.of("0", "-1", "1000000001", "1.5", "1e3", "99999999999999999999", quoted("100"), "true", "{}", "[]"),
            "reason",
            List.of(quoted(""), quoted("   "), quoted("r".repeat(201)), "null", "7", "[]", "{}"),
            "refundReceiveAccount",
            List.of("7", "true", "[]", quoted("110234567890")));

    // ---------------------------------------------------------------- GET /pg/success, GET /pg/fail

    FuzzRequest successRedirect(Hostile h) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("orderId", h.oneOf(h.orderId(), victimOrderId));
        valid.put("token", h.alnum(h.between(1, 60)));
        valid.put("paymentKey", "pk_" + h.alnum(h.between(1, 40)));
        valid.put("amount", Long.toString(h.between(0, 1_000_000_000)));
        if (h.chance(0.3)) {
            valid.put("paymentType", h.oneOf("NORMAL", "BRANDPAY", "KEYIN"));
        }
        Map<String, List<String>> invalid = Map.of(
                "orderId", List.of("bad!", "short", "a".repeat(65), "%EC%A3%BC%EB%AC%B8-0001"),
                "token", List.of("t".repeat(513)),
                "paymentKey", List.of("k".repeat(201)),
                "amount", List.of("abc", "-5", "1.5", "1e3", "99999999999999", "1000000000001", "0x10", "%2B1"),
                "paymentType", List.of("p".repeat(51)));
        return redirect(h, "/pg/success", valid, invalid);
    }

    FuzzRequest failRedirect(Hostile h) {
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("orderId", h.oneOf(h.orderId(), victimOrderId));
        valid.put("token", h.alnum(h.between(1, 60)));
        if (h.chance(0.7)) {
            valid.put("code", h.oneOf("PAY_PROCESS_CANCELED", "REJECT_CARD_COMPANY", h.alnum(h.between(1, 30))));
        }
        if (h.chance(0.7)) {
            valid.put("message", percentEncoded(h.unicode(h.between(1, 30))));
        }
        Map<String, List<String>> invalid = Map.of(
                "orderId", List.of("bad!", "short", "a".repeat(65)),
                "token", List.of("t".repeat(513)),
                "code", List.of("c".repeat(101)),
                "message", List.of("m".repeat(1001)));
        return redirect(h, "/pg/fail", valid, invalid);
    }

    private FuzzRequest redirect(
            Hostile h, String path, Map<String, String> valid, Map<String, List<String>> invalidValues) {
        List<String> query = new ArrayList<>();
        String expectedField = null;
        boolean mayWrite = false;
        String label;
        switch (h.random().nextInt(5)) {
            case 0, 1 -> {
                // exactly one parameter made invalid in a known way
                List<String> candidates = new ArrayList<>(invalidValues.keySet());
                candidates.retainAll(valid.keySet());
                candidates.addAll(List.of("missing", "differing duplicate"));
                String fault = h.oneOf(candidates);
                String field = invalidValues.containsKey(fault)
                        ? fault
                        : h.oneOf(List.of("orderId", "token").stream().toList());
                label = path + " with " + fault + " " + field;
                valid.forEach((name, value) -> {
                    if (!name.equals(field)) {
                        query.add(name + "=" + value);
                    } else if (fault.equals("differing duplicate")) {
                        query.add(name + "=" + value);
                        query.add(name + "=" + value + "x");
                    } else if (!fault.equals("missing")) {
                        query.add(name + "=" + h.oneOf(invalidValues.get(name)));
                    }
                });
                expectedField = field;
            }
            case 2 -> {
                label = path + " with valid parameters, some repeated equal, extra ones added";
                valid.forEach((name, value) -> {
                    query.add(name + "=" + value);
                    if (h.chance(0.2)) {
                        query.add(name + "=" + value);
                    }
                });
                if (h.chance(0.5)) {
                    query.add(h.oneOf("extra=1", "utm_source=pg", "x", "=", "&", "=y"));
                }
                mayWrite = true;
            }
            default -> {
                label = path + " with random parameters";
                valid.forEach((name, value) -> {
                    int choice = h.random().nextInt(6);
                    switch (choice) {
                        case 0 -> {}
                        case 1 -> query.add(name + "=" + h.rawQueryValue());
                        case 2 -> {
                            query.add(name + "=" + value);
                            query.add(name + "=" + h.rawQueryValue());
                        }
                        case 3 -> query.add(name);
                        default -> query.add(name + "=" + value);
                    }
                });
                if (h.chance(0.3)) {
                    query.add(h.rawQueryValue() + "=" + h.rawQueryValue());
                }
                mayWrite = true;
            }
        }
        java.util.Collections.shuffle(query, new java.util.Random(h.random().nextLong()));
        List<String[]> headers = new ArrayList<>();
        forwardedFor(h, headers);
        return new FuzzRequest(
                label, "GET", path + "?" + String.join("&", query), headers, new byte[0], expectedField, mayWrite);
    }

    // ---------------------------------------------------------------- POST /pg/webhooks

    FuzzRequest webhook(Hostile h) {
        String orderId = h.oneOf(h.orderId(), victimOrderId);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("paymentKey", quoted("pk_" + h.alnum(h.between(1, 40))));
        data.put("orderId", quoted(orderId));
        data.put("status", quoted(h.oneOf("DONE", "ABORTED", "EXPIRED", "CANCELED", "READY", "IN_PROGRESS")));
        data.put("totalAmount", Long.toString(h.between(0, 1_000_000_000)));
        if (h.chance(0.5)) {
            data.put("approvedAt", quoted("2024-02-13T12:18:10+09:00"));
        }
        if (h.chance(0.3)) {
            data.put("secret", quoted("ps_" + h.alnum(20)));
        }
        if (h.chance(0.3)) {
            data.put("method", quoted(h.oneOf("카드", "가상계좌", "간편결제", "계좌이체", "휴대폰", "")));
        }
        String eventType = quoted("PAYMENT_STATUS_CHANGED");
        String expectedField = null;
        String label;
        byte[] body;
        boolean validBody = false;
        switch (h.random().nextInt(6)) {
            case 0, 1 -> {
                Map<String, List<String>> invalid = Map.of(
                        "data.orderId", List.of("null", quoted(""), quoted("bad!"), quoted("short"), "123", "{}"),
                        "data.paymentKey", List.of(quoted("k".repeat(201)), "7", "[]", "{}"),
                        "data.status", List.of("null", quoted(""), quoted("S".repeat(41)), "7", "true"),
                        "data.totalAmount",
                                List.of(
                                        quoted("15000"),
                                        "150.5",
                                        "-1",
                                        "1e400",
                                        "1000000000001",
                                        "99999999999999999999"),
                        "data.approvedAt", List.of(quoted("yesterday"), quoted("2024-02-13T12:18:10"), "1", "{}"),
                        "data.secret", List.of("7", "[]", "true", quoted("s".repeat(101))),
                        "data.method", List.of("7", "{}", quoted("m".repeat(41))));
                expectedField = h.oneOf(invalid.keySet().stream().sorted().toList());
                data.put(expectedField.substring(5), h.oneOf(invalid.get(expectedField)));
                label = "webhook with invalid " + expectedField;
                body = utf8(webhookBody(eventType, object(data)));
            }
            case 2 -> {
                label = "webhook with a random body";
                body = utf8(h.chance(0.5) ? h.json(4) : webhookBody(h.json(1), h.json(3)));
            }
            case 3 -> {
                label = "webhook with broken JSON";
                body = h.brokenJson(webhookBody(eventType, object(data)));
            }
            default -> {
                label = "webhook with a valid body";
                body = utf8(webhookBody(eventType, object(data)));
                validBody = true;
            }
        }
        List<String[]> headers = new ArrayList<>();
        boolean validHeaders = signatureHeaders(h, body, headers);
        if (!validHeaders) {
            label += ", bad signature headers"; // 401, unless the body is refused first (400)
        }
        forwardedFor(h, headers);
        headers.add(contentType(h.oneOf("application/json", "application/json;charset=UTF-8")));
        FuzzRequest request = request(label, "POST", "/pg/webhooks", headers, body, expectedField);
        return request.withMayWrite(validBody && validHeaders);
    }

    /**
     * Adds transmission and signature headers; true when a correct edge may accept them: unsigned (Toss signs none of
     * its payment webhooks), with or without a usable transmission id, or signed with the secret just now.
     */
    private boolean signatureHeaders(Hostile h, byte[] body, List<String[]> headers) {
        String id = "wh_" + h.alnum(20);
        String time = TRANSMISSION_TIME_FORMAT.format(Instant.now().atOffset(ZoneOffset.ofHours(9)));
        String signature = sign(webhookSecret, body, time);
        switch (h.random().nextInt(12)) {
            case 0 -> {
                headers.add(new String[] {TRANSMISSION_TIME, time}); // no id, no signature
                return true;
            }
            case 1 -> {
                headers.add(new String[] {TRANSMISSION_ID, id});
                headers.add(new String[] {TRANSMISSION_TIME, time});
                headers.add(new String[] {
                    SIGNATURE,
                    h.oneOf(
                            "",
                            "v1:",
                            "v1:%%%",
                            "v2:" + signature.substring(3),
                            signature.substring(3),
                            sign("whsec_wrong", body, time),
                            "v1:"
                                    + Base64.getEncoder()
                                            .encodeToString(h.unicode(8).getBytes(StandardCharsets.UTF_8)),
                            ",,,,",
                            "v1:" + "A".repeat(h.between(100, 3000)))
                });
            }
            case 2 -> {
                headers.add(new String[] {TRANSMISSION_ID, id});
                headers.add(new String[] {TRANSMISSION_TIME, h.oneOf("", "yesterday", time + "x")});
                headers.add(new String[] {SIGNATURE, signature});
            }
            case 3 -> {
                // signed correctly, but long ago (a captured webhook, replayed)
                String stale = "2024-02-13T12:18:14.123456+09:00";
                headers.add(new String[] {TRANSMISSION_ID, id});
                headers.add(new String[] {TRANSMISSION_TIME, stale});
                headers.add(new String[] {SIGNATURE, sign(webhookSecret, body, stale)});
            }
            case 4 -> {
                headers.add(new String[] {TRANSMISSION_ID, h.oneOf("", "wh 1", "t".repeat(193), id + "\u00e9")});
                headers.add(new String[] {TRANSMISSION_TIME, time});
                headers.add(new String[] {SIGNATURE, signature});
                return true; // the body's hash names it instead
            }
            case 5 -> {
                headers.add(new String[] {TRANSMISSION_ID, id});
                headers.add(new String[] {TRANSMISSION_ID, id + "2"});
                headers.add(new String[] {TRANSMISSION_TIME, time});
                headers.add(new String[] {SIGNATURE, signature});
                return true;
            }
            case 6, 7 -> {
                headers.add(new String[] {TRANSMISSION_ID, id});
                headers.add(new String[] {TRANSMISSION_TIME, time});
                return true;
            }
            default -> {
                headers.add(new String[] {TRANSMISSION_ID, id});
                headers.add(new String[] {TRANSMISSION_TIME, time});
                headers.add(new String[] {SIGNATURE, h.chance(0.3) ? "v1:AAAA," + signature : signature});
                return true;
            }
        }
        return false;
    }

    private static String webhookBody(String eventType, String data) {
        return "{\"eventType\":" + eventType + ",\"createdAt\":\"2024-02-13T12:18:14.000000\",\"data\":" + data + "}";
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code v1:} + base64(HMAC-SHA256(secret, body + ":" + transmissionTime)), as the PG computes it. */
    static String sign(String secret, byte[] body, String transmissionTime) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(body);
            byte[] hmac = mac.doFinal((":" + transmissionTime).getBytes(StandardCharsets.UTF_8));
            return "v1:" + Base64.getEncoder().encodeToString(hmac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- GET
    // /api/v1/orders/{orderId}[/events|/refunds[/{refundId}]]

    FuzzRequest read(Hostile h) {
        String orderId = h.chance(0.7) ? h.oneOf(victimOrderId, h.orderId()) : hostilePathSegment(h);
        String path = "/api/v1/orders/" + orderId
                + h.oneOf("", "", "/events", "/refunds", "/refunds/" + h.oneOf("rf-1", "bad!id", "r".repeat(65)));
        List<String> query = new ArrayList<>();
        switch (h.random().nextInt(4)) {
            case 0 -> query.add("token=" + h.alnum(h.between(1, 50)));
            case 1 -> query.add("token=" + h.rawQueryValue());
            case 2 -> {
                query.add("token=a");
                query.add("token=" + h.oneOf("a", "b", "t".repeat(600)));
            }
            default -> {}
        }
        List<String[]> headers = new ArrayList<>();
        switch (h.random().nextInt(4)) {
            case 0 -> merchant(headers);
            case 1 ->
                headers.add(new String[] {"Authorization", h.oneOf("Bearer x", "Bearer", "Basic eA==", "", "💳")});
            default -> {}
        }
        String target = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        return new FuzzRequest("read", "GET", target, headers, new byte[0], null, false);
    }

    // ---------------------------------------------------------------- anything else

    FuzzRequest unknown(Hostile h) {
        String method = h.oneOf("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "get");
        String path = h.oneOf(
                "/",
                "/api",
                "/api/v1",
                "/api/v1/orders/",
                "/api/v1/orders/" + victimOrderId + "/x",
                "/api/v1/orders/" + victimOrderId + "/checkout/x",
                "/api/v1/ORDERS",
                "/pg/webhooks/",
                "/pg/success/",
                "/pg/SUCCESS",
                "/pg/success;jsessionid=1",
                "/pg/webhooks;a=b",
                "/api/v1/orders/" + victimOrderId + ";x=y/checkout",
                "/actuator",
                "/actuator/env",
                "/actuator/configprops",
                "/actuator/heapdump",
                "/actuator/health/..",
                "/error",
                "/api-edge.yml",
                "/application.yml",
                "/result-page.js",
                "/static/result-page.js",
                "/..;/api-edge.yml",
                "/%2e%2e/%2e%2e/etc/passwd",
                "/orders/" + victimOrderId + "/result",
                "/openapi.yaml",
                "/" + h.alnum(h.between(1, 30)),
                "/" + h.rawQueryValue());
        List<String[]> headers = new ArrayList<>();
        if (h.chance(0.5)) {
            merchant(headers);
        }
        byte[] body = new byte[0];
        if (!method.equals("GET") && !method.equals("HEAD") && h.chance(0.5)) {
            headers.add(contentType(h.oneOf("application/json", "text/plain", "application/xml")));
            body = h.json(3).getBytes(StandardCharsets.UTF_8);
        }
        forwardedFor(h, headers);
        if (h.chance(0.3)) {
            // raw header bytes: controls, NUL, non-ASCII, folded lines, no name
            headers.add(new String[] {h.oneOf("X-Odd", "X Odd", "", "X-Odd\u0000"), h.string()});
        }
        boolean writingEndpoint = method.equals("POST")
                && (path.endsWith("/checkout") || path.startsWith("/pg/webhooks") || path.equals("/api/v1/orders/"));
        return new FuzzRequest("unknown path or method", method, path, headers, body, null, writingEndpoint);
    }

    // ---------------------------------------------------------------- helpers

    /** Whether the path segment names a valid orderId once its path parameter is cut and it is percent-decoded. */
    private static boolean isValidSegment(String segment) {
        String value = segment.split(";", 2)[0];
        try {
            return OrderId.isValid(java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException badEncoding) {
            return false;
        }
    }

    private String hostilePathSegment(Hostile h) {
        return h.oneOf(
                "short",
                "a".repeat(65),
                "bad%21id",
                "%zz",
                "%00abcdef",
                "%2F..%2F..",
                "..",
                "%2e%2e",
                "%EC%A3%BC%EB%AC%B8-0001",
                "abc%0d%0aX-Injected:%201",
                "a".repeat(3000),
                percentEncoded(h.string()),
                victimOrderId + "%20");
    }

    private void merchant(List<String[]> headers) {
        headers.add(new String[] {"Authorization", "Bearer " + merchantKey});
    }

    private static String[] contentType(String value) {
        return new String[] {"Content-Type", value};
    }

    private static void forwardedFor(Hostile h, List<String[]> headers) {
        if (h.chance(0.3)) {
            headers.add(new String[] {
                "X-Forwarded-For",
                h.oneOf(
                        "203.0.113.7",
                        "203.0.113.7, 127.0.0.1",
                        "2001:db8::1",
                        "[2001:db8::1]",
                        "999.1.1.1",
                        "localhost",
                        "example.com",
                        "abc.def",
                        ",,,",
                        "1.1.1.1, " + "2.2.2.2, ".repeat(h.between(1, 200)),
                        h.string().replaceAll("[^\\x20-\\x7E]", "?"))
            });
        }
    }

    private static String object(Map<String, String> fields) {
        var json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append(quoted(name))
                .append(':')
                .append(value));
        return json.append('}').toString();
    }

    private static FuzzRequest json(
            Hostile h,
            String label,
            String method,
            String path,
            List<String[]> headers,
            String body,
            @Nullable String expectedField) {
        headers.add(contentType(h.oneOf("application/json", "application/json", "application/json;charset=UTF-8")));
        return request(label, method, path, headers, body.getBytes(StandardCharsets.UTF_8), expectedField);
    }

    private static FuzzRequest request(
            String label,
            String method,
            String path,
            List<String[]> headers,
            byte[] body,
            @Nullable String expectedField) {
        headers.add(new String[] {"Content-Length", Integer.toString(body.length)});
        return new FuzzRequest(label, method, path, headers, body, expectedField, false);
    }

    /** A valid body sent with odd content types, Content-Length values or transfer encodings. */
    private static FuzzRequest oddContent(Hostile h, String what, String path, List<String[]> headers, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String label;
        switch (h.random().nextInt(6)) {
            case 0 -> {
                String type = h.oneOf(
                        "text/plain",
                        "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x",
                        "application/xml",
                        "application/json; charset=latin1",
                        "application/json; charset=nonsense",
                        "application/json; charset=UTF-16",
                        "*/*",
                        "garbage",
                        "",
                        "application/problem+json");
                headers.add(contentType(type));
                headers.add(new String[] {"Content-Length", Integer.toString(body.length)});
                label = what + " with Content-Type " + type;
            }
            case 1 -> {
                headers.add(contentType("application/json"));
                String length = h.oneOf(
                        "-1",
                        "abc",
                        "",
                        "99999999999999999999",
                        Integer.toString(Math.max(0, body.length - 5)),
                        "1e3",
                        " " + body.length);
                headers.add(new String[] {"Content-Length", length});
                label = what + " with Content-Length " + length;
            }
            case 2 -> {
                headers.add(contentType("application/json"));
                headers.add(new String[] {"Content-Length", Integer.toString(body.length + h.between(1, 100))});
                label = what + " with a body shorter than its Content-Length";
            }
            case 3 -> {
                headers.add(contentType("application/json"));
                headers.add(new String[] {"Content-Length", Integer.toString(body.length)});
                headers.add(new String[] {"Content-Length", Integer.toString(body.length + 1)});
                label = what + " with two Content-Lengths";
            }
            case 4 -> {
                headers.add(contentType("application/json"));
                headers.add(new String[] {"Transfer-Encoding", "chunked"});
                int size = h.chance(0.5) ? 20_000 : body.length;
                byte[] payload = size == body.length
                        ? body
                        : ("{\"pad\":\"" + "p".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
                body = (Integer.toHexString(payload.length) + "\r\n" + new String(payload, StandardCharsets.UTF_8)
                                + "\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
                label = what + " chunked, " + payload.length + " bytes";
            }
            default -> {
                headers.add(contentType("application/json"));
                byte[] big = ("{\"pad\":\"" + "p".repeat(h.between(16_000, 40_000)) + "\"," + json.substring(1))
                        .getBytes(StandardCharsets.UTF_8);
                headers.add(new String[] {"Content-Length", Integer.toString(big.length)});
                body = big;
                label = what + " over the body limit, " + big.length + " bytes";
            }
        }
        return new FuzzRequest(label, "POST", path, headers, body, null, false);
    }
}
