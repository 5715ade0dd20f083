package dev.payments.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContractValuesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abcdef",
                "order-0001",
                "A_b-9_ZZ",
                "x234567890123456789012345678901234567890123456789012345678901234"
            })
    void acceptsOrderIdsOfTheContractShape(String value) {
        assertThat(OrderId.isValid(value)).isTrue();
        assertThat(OrderId.of(value).value()).isEqualTo(value);
        assertThat(Pattern.matches(OrderId.REGEX, value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "abcde",
                "order 0001",
                "order/0001",
                "order:0001",
                "주문번호123",
                "abc\u0000def",
                "x2345678901234567890123456789012345678901234567890123456789012345"
            })
    void refusesAnyOtherOrderId(String value) {
        assertThat(OrderId.isValid(value)).isFalse();
        assertThat(Pattern.matches(OrderId.REGEX, value)).isFalse();
        assertThatThrownBy(() -> OrderId.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(OrderId.EXPECTATION);
    }

    @Test
    void refusesANullOrderId() {
        assertThat(OrderId.isValid(null)).isFalse();
        assertThatThrownBy(() -> OrderId.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashesATokenAsLowerCaseHexSha256() {
        // sha256("abc"), FIPS 180-2 test vector
        assertThat(TokenHash.of("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void matchesATokenOnlyAgainstItsOwnHash() {
        String hash = TokenHash.of("token-1");
        assertThat(TokenHash.matches("token-1", hash)).isTrue();
        assertThat(TokenHash.matches("token-1", hash.toUpperCase())).isTrue();
        assertThat(TokenHash.matches("token-2", hash)).isFalse();
        assertThat(TokenHash.matches("token-1", hash.substring(1))).isFalse();
        assertThat(TokenHash.matches(null, hash)).isFalse();
        assertThat(TokenHash.matches("token-1", null)).isFalse();
    }

    @Test
    void buildsTheContractsDeterministicEventIds() {
        assertThat(EventIds.completion("order-1")).isEqualTo("order-1:completion");
        assertThat(EventIds.confirmation("order-1")).isEqualTo("order-1:confirmation");
        assertThat(EventIds.expire("order-1")).isEqualTo("order-1:expire");
        assertThat(EventIds.anomaly("order-1", "CANCELED_AT_PG")).isEqualTo("order-1:anomaly:CANCELED_AT_PG");
        assertThat(EventIds.status("order-1", "x"))
                .isEqualTo("order-1:status:x")
                .startsWith(EventIds.statusPrefix("order-1"));
    }

    @Test
    void mapsEveryPgStatusStringAndNamesTheRestOther() {
        for (PgPaymentStatus status : PgPaymentStatus.values()) {
            assertThat(PgPaymentStatus.of(status.name())).isEqualTo(status);
        }
        assertThat(PgPaymentStatus.of("done")).isEqualTo(PgPaymentStatus.DONE);
        assertThat(PgPaymentStatus.of("SOMETHING_NEW")).isEqualTo(PgPaymentStatus.OTHER);
        assertThat(PgPaymentStatus.of(null)).isEqualTo(PgPaymentStatus.OTHER);
        assertThat(PgPaymentStatus.of(" ")).isEqualTo(PgPaymentStatus.OTHER);
    }

    @Test
    void aRetriedIssuanceIsTheSameOrderOnlyWithTheSameAmountCurrencyNameAndTokenHash() {
        OrderIssued issued = new OrderIssued(
                "order-1", 15_000, "KRW", "Coffee", "a".repeat(64), java.time.Instant.EPOCH, "Kim", null);
        assertThat(issued.sameOrderAs(15_000, "KRW", "Coffee", "a".repeat(64))).isTrue();
        assertThat(issued.sameOrderAs(15_001, "KRW", "Coffee", "a".repeat(64))).isFalse();
        assertThat(issued.sameOrderAs(15_000, "USD", "Coffee", "a".repeat(64))).isFalse();
        assertThat(issued.sameOrderAs(15_000, "KRW", "Tea", "a".repeat(64))).isFalse();
        assertThat(issued.sameOrderAs(15_000, "KRW", "Coffee", "b".repeat(64))).isFalse();
    }
}
