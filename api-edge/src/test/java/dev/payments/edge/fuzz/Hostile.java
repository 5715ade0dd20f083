package dev.payments.edge.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generators of hostile values: random JSON shapes, wrong types, huge and odd numbers, unicode, control
 * characters, over-long strings, broken JSON and percent-encoding garbage. The same seed gives the same values, so a
 * failing case is replayed by its seed.
 */
final class Hostile {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static final List<String> ODD_STRINGS = List.of(
            "",
            " ",
            "\t\n",
            "null",
            "true",
            "0",
            "-1",
            "1e400",
            "NaN",
            "' OR '1'='1' --",
            "\"; DROP TABLE orders; --",
            "<script>alert(1)</script>",
            "${jndi:ldap://x/a}",
            "#{7*7}",
            "../../../../etc/passwd",
            "%00",
            "\u0000",
            "\u0000\u0001\u001f",
            "\r\nSet-Cookie: a=b",
            "\u202egnirts\u202c",
            "주문",
            "결제 완료 🎉",
            "👩‍👩‍👧‍👦",
            "e\u0301\u0301\u0301",
            "\uFEFF",
            "\uD800", // a lone surrogate
            "Ω≈ç√∫˜µ≤≥÷",
            "\\u0000",
            "ord_AAAA",
            "pk_" + "x".repeat(300));

    private static final List<String> ODD_NUMBERS = List.of(
            "0",
            "-0",
            "-1",
            "1.5",
            "1.0",
            "1e3",
            "1E+2",
            "1e400",
            "-1e400",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999999999999",
            "0.0000000000000000000001",
            "1000000000",
            "1000000001",
            "2147483648");

    private final SplittableRandom random;

    Hostile(SplittableRandom random) {
        this.random = random;
    }

    SplittableRandom random() {
        return random;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int between(int min, int maxInclusive) {
        return random.nextInt(min, maxInclusive + 1);
    }

    <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    @SafeVarargs
    final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    String alnum(int length) {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return text.toString();
    }

    /** A valid, fresh orderId. */
    String orderId() {
        return "fz-" + alnum(between(8, 20));
    }

    /** Any string: odd, unicode, long or random. */
    String string() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> oneOf(ODD_STRINGS);
            case 2 -> alnum(between(0, 40));
            case 3 -> oneOf("가", "🎉", "x", "\u0000", "%").repeat(between(50, 700));
            default -> unicode(between(1, 30));
        };
    }

    /** Random code points from all planes, including controls and unassigned ones (never lone surrogates). */
    String unicode(int length) {
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int codePoint = random.nextInt(0, 0x10FFFF + 1);
            if (codePoint >= 0xD800 && codePoint <= 0xDFFF) {
                codePoint = 0xFFFD;
            }
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    /** A JSON number literal, some outside every integer type. */
    String number() {
        return chance(0.7) ? oneOf(ODD_NUMBERS) : Long.toString(random.nextLong());
    }

    /** Any JSON value (well-formed), nested up to {@code depth}. */
    String json(int depth) {
        int kind = depth <= 0 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> quoted(string());
            case 1 -> number();
            case 2 -> oneOf("true", "false");
            case 3 -> "null";
            case 4 -> {
                var array = new StringBuilder("[");
                int n = between(0, 4);
                for (int i = 0; i < n; i++) {
                    array.append(i == 0 ? "" : ",").append(json(depth - 1));
                }
                yield array.append(']').toString();
            }
            default -> {
                var object = new StringBuilder("{");
                int n = between(0, 5);
                for (int i = 0; i < n; i++) {
                    String key = chance(0.5) ? oneOf(KNOWN_KEYS) : string();
                    object.append(i == 0 ? "" : ",")
                            .append(quoted(key))
                            .append(':')
                            .append(json(depth - 1));
                }
                yield object.append('}').toString();
            }
        };
    }

    private static final List<String> KNOWN_KEYS = List.of(
            "orderId",
            "amount",
            "currency",
            "orderName",
            "customerName",
            "customerEmail",
            "csrfToken",
            "eventType",
            "createdAt",
            "data",
            "paymentKey",
            "status",
            "totalAmount",
            "approvedAt");

    /** Bytes that are not a well-formed JSON document, or not one of the expected shape. */
    byte[] brokenJson(String valid) {
        return switch (random.nextInt(10)) {
            case 0 ->
                valid.substring(0, random.nextInt(Math.max(1, valid.length()))).getBytes(StandardCharsets.UTF_8);
            case 1 -> (valid + oneOf("}", "]", ",", "garbage", "{}", "\u0000")).getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[0];
            case 3 -> "[".repeat(between(100, 3000)).getBytes(StandardCharsets.UTF_8);
            case 4 ->
                ("{\"a\":".repeat(between(100, 1500)) + "1" + "}".repeat(between(0, 1500)))
                        .getBytes(StandardCharsets.UTF_8);
            case 5 -> invalidUtf8(valid);
            case 6 -> ("\u0000" + valid).getBytes(StandardCharsets.UTF_8);
            case 7 -> valid.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
            case 8 ->
                valid.replaceFirst("\\{", "{\"orderId\":1,\"orderId\":\"dup\",").getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] noise = new byte[between(1, 200)];
                random.nextBytes(noise);
                yield noise;
            }
        };
    }

    /** The document with a byte inserted that UTF-8 never allows (0xFF, 0xFE, or a lone continuation or lead byte). */
    private byte[] invalidUtf8(String valid) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(1, Math.max(2, bytes.length));
        byte[] broken = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, broken, 0, at);
        broken[at] = (byte) (int) oneOf(0xFF, 0xFE, 0xC0, 0xF8);
        System.arraycopy(bytes, at, broken, at + 1, bytes.length - at);
        return broken;
    }

    /** A query-string value as it goes on the wire: valid-looking, raw unicode, or broken percent-encoding. */
    String rawQueryValue() {
        return switch (random.nextInt(8)) {
            case 0 -> oneOf("%", "%z", "%zz", "%G1", "%%", "%0", "%C3%28", "%ED%A0%80", "%FF%FE", "%00", "%0D%0A");
            case 1 -> percentEncoded(unicode(between(1, 10)));
            case 2 -> percentEncoded(string());
            case 3 -> oneOf("a=b", "&", "=", "a%26b%3Dc", "+++", "%2B", "[]", "a[b]=c");
            case 4 -> "x".repeat(between(500, 6000));
            default -> alnum(between(0, 20));
        };
    }

    static String percentEncoded(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String quoted(String value) {
        var json = new StringBuilder("\"");
        value.chars().forEach(c -> {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", c));
                    } else {
                        json.append((char) c);
                    }
                }
            }
        });
        return json.append('"').toString();
    }
}
