package dev.payments.edge.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

/** The redirect's Location, built by hand, is exactly what the URI template it replaces made of it. */
class ResultPageUrlTest {

    @Test
    void resultPageIsWhatTheTemplateMadeForAnyToken() {
        Random random = new Random(11);
        // the token comes from the PG's redirect as is: anything, braces included
        String alphabet = "ABCXYZabcxyz0189_-" + " &=?/#%+:@!$'()*,;~.\"<>[]{}\\^`|" + "é한";
        for (int i = 0; i < 3_000; i++) {
            String orderId = "order_" + i;
            StringBuilder token = new StringBuilder();
            for (int n = random.nextInt(80); n >= 0; n--) {
                token.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }

            assertThat(PgRedirectController.resultPage(orderId, token.toString()))
                    .as(token.toString())
                    .isEqualTo(UriComponentsBuilder.fromPath("/orders/{orderId}/result")
                            .queryParam("token", "{token}")
                            .encode()
                            .buildAndExpand(orderId, token.toString())
                            .toUri());
        }
    }
}
