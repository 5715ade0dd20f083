package dev.payments.worker.order;

import static dev.payments.worker.order.OrderEvents.TOKEN;
import static dev.payments.worker.order.OrderEvents.TOKEN_HASH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsrfTokensTest {

    @Test
    void matchesTheTokenWhoseHashWasRecorded() {
        assertThat(CsrfTokens.matches(TOKEN, TOKEN_HASH)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"csrf-token-of-somebody-else", "", "CSRF-TOKEN-OF-THE-BUYER", "csrf-token-of-the-buyer "})
    void refusesAWrongToken(String wrong) {
        assertThat(CsrfTokens.matches(wrong, TOKEN_HASH)).isFalse();
    }

    @Test
    void refusesAMissingToken() {
        assertThat(CsrfTokens.matches(null, TOKEN_HASH)).isFalse();
    }

    @Test
    void refusesWhenNoHashWasRecorded() {
        assertThat(CsrfTokens.matches(TOKEN, null)).isFalse();
    }

    @Test
    void refusesATruncatedHash() {
        assertThat(CsrfTokens.matches(TOKEN, TOKEN_HASH.substring(0, 32))).isFalse();
        assertThat(CsrfTokens.matches(TOKEN, "")).isFalse();
    }

    @Test
    void refusesTheTokenItselfInPlaceOfItsHash() {
        assertThat(CsrfTokens.matches(TOKEN, TOKEN)).isFalse();
    }

    @Test
    void matchesAHashRecordedInUpperCaseHex() {
        assertThat(CsrfTokens.matches(TOKEN, TOKEN_HASH.toUpperCase(Locale.ROOT)))
                .isTrue();
    }

    @ParameterizedTest(name = "sha256(\"{0}\")")
    @CsvSource(
            delimiter = '|',
            value = {
                "abc|ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "''|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "결제|8d4f3299dd01d1b16e676006e1b945bec62cf09d40ed15d77269e15ba99fb6ff",
                "csrf-token-of-the-buyer|745a4aeed5e23a7b50f30bc0e70f44f3336ef32e330f451f04723212b1edac46"
            })
    void hashesAsLowerCaseSha256HexOfUtf8(String token, String expectedHex) {
        assertThat(CsrfTokens.sha256Hex(token)).isEqualTo(expectedHex).matches("[0-9a-f]{64}");
    }
}
