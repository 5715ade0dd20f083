package dev.payments.edge.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.edge.TestTokens;
import dev.payments.schemas.OrderId;
import dev.payments.schemas.TokenHash;
import dev.payments.testsupport.Concurrently;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class OrderTokensTest {

    private final OrderTokens tokens = new OrderTokens("unit-test-secret");

    @Test
    void tokenIsDeterministicPerOrder() {
        assertThat(tokens.tokenFor("order-0001")).isEqualTo(tokens.tokenFor("order-0001"));
        assertThat(new OrderTokens("unit-test-secret").tokenFor("order-0001")).isEqualTo(tokens.tokenFor("order-0001"));
    }

    @Test
    void tokenDiffersPerOrderAndPerSecret() {
        assertThat(tokens.tokenFor("order-0001")).isNotEqualTo(tokens.tokenFor("order-0002"));
        assertThat(new OrderTokens("another-secret").tokenFor("order-0001"))
                .isNotEqualTo(tokens.tokenFor("order-0001"));
    }

    @Test
    void tokenIsBase64UrlOfHmacSha256OfTheOrderId() {
        assertThat(tokens.tokenFor("order-0001"))
                .isEqualTo(TestTokens.tokenFor("unit-test-secret", "order-0001"))
                .matches("^[A-Za-z0-9_-]{43}$");
    }

    /** Issuance records {@code TokenHash.of(token)}; the worker checks tokens against it with the same class. */
    @Test
    void theContractsHashOfAnIssuedTokenIsItsLowerCaseHexSha256() throws Exception {
        String token = tokens.tokenFor("order-0001");
        String independent = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));

        assertThat(TokenHash.of(token)).isEqualTo(independent).matches("^[0-9a-f]{64}$");
        assertThat(TokenHash.matches(token, independent)).isTrue();
        assertThat(TokenHash.matches(tokens.tokenFor("order-0002"), independent))
                .isFalse();
    }

    @Test
    void orderIdFromIdempotencyKeyIsStableValidAndDistinct() {
        String first = tokens.orderIdFor("shop-request-42");

        assertThat(tokens.orderIdFor("shop-request-42")).isEqualTo(first);
        assertThat(tokens.orderIdFor("shop-request-43")).isNotEqualTo(first);
        assertThat(first).startsWith("ord_").matches(OrderId.REGEX);
        // never the same as the order's token: the inputs are domain-separated
        assertThat(first.substring(4)).isNotEqualTo(tokens.tokenFor("shop-request-42"));
    }

    @Test
    void randomOrderIdsAreValidAndDistinct() {
        String a = OrderTokens.randomOrderId();
        String b = OrderTokens.randomOrderId();

        assertThat(a).matches(OrderId.REGEX).isNotEqualTo(b);
        assertThat(b).matches(OrderId.REGEX);
    }

    @Test
    void refusesABlankSecret() {
        assertThatThrownBy(() -> new OrderTokens(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The keyed Mac (and TokenHash's digest) are shared prototypes, cloned per computation: concurrent callers must not mix. */
    @Test
    void concurrentCallersEachGetTheirOwnCorrectValues() throws Exception {
        Mac reference = Mac.getInstance("HmacSHA256");
        reference.init(new SecretKeySpec("unit-test-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        List<Callable<Boolean>> checks = IntStream.range(0, 4_000)
                .<Callable<Boolean>>mapToObj(i -> () -> {
                    String orderId = "order-" + i;
                    String token = tokens.tokenFor(orderId);
                    boolean tokenRight = token.equals(Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(
                                    ((Mac) reference.clone()).doFinal(orderId.getBytes(StandardCharsets.UTF_8))));
                    boolean hashRight = TokenHash.of(token)
                            .equals(HexFormat.of()
                                    .formatHex(MessageDigest.getInstance("SHA-256")
                                            .digest(token.getBytes(StandardCharsets.UTF_8))));
                    boolean orderIdRight = tokens.orderIdFor("key-" + i)
                            .equals(new OrderTokens("unit-test-secret").orderIdFor("key-" + i));
                    return tokenRight && hashRight && orderIdRight;
                })
                .toList();

        List<Boolean> results = Concurrently.run(8, checks);

        assertThat(results).hasSize(4_000).containsOnly(true);
    }
}
