package dev.payments.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ShopPropertiesTest {

    @Test
    void thePgScriptDefaultsToTheLocalSandboxsAndItsOriginIsWhatTheScriptCalls() {
        ShopProperties defaults = new ShopProperties(null, null, null, null, null);

        assertThat(defaults.pgScriptUrl()).isEqualTo("http://localhost:8090/js/v1/payment");
        assertThat(defaults.pgOrigin()).isEqualTo("http://localhost:8090");
        assertThat(new ShopProperties(null, null, " https://js.tosspayments.com/v1/payment ", null, null).pgOrigin())
                .isEqualTo("https://js.tosspayments.com");
    }

    @Test
    void refusesAScriptUrlThatIsNotAnAbsoluteHttpUrlOrCouldChangeTheSecurityPolicy() {
        for (String url : new String[] {
            "/js/v1/payment",
            "javascript:alert(1)",
            "http://pg.test/js; script-src *",
            "http://pg.test/js'unsafe-inline'",
            "http://pg.test/js,http://evil.test",
            "http://pg.test/js?x=1"
        }) {
            assertThatIllegalArgumentException()
                    .as(url)
                    .isThrownBy(() -> new ShopProperties(null, null, url, null, null))
                    .withMessageContaining("payments.shop.pg-script-url");
        }
    }
}
