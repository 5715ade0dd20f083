package dev.payments.edge.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

/** The URLs issuance hands out, built by hand, are exactly what the URI builder they replace made of them. */
class OrderUrlsTest {

    private static final List<URI> PUBLIC_URLS = List.of(
            URI.create("http://localhost:8080"),
            URI.create("https://pay.example.test"),
            URI.create("https://pay.example.test/"),
            URI.create("https://pay.example.test/shop"),
            URI.create("https://pay.example.test:8443/shop/edge/"),
            URI.create("https://pay.example.test/a%20b"),
            // with a query or fragment of its own, the builder still does it
            URI.create("https://pay.example.test/shop?tenant=7"),
            URI.create("https://pay.example.test/shop#top"));

    @Test
    void returnUrlsAreWhatTheBuilderMade() {
        Random random = new Random(42);
        for (URI publicUrl : PUBLIC_URLS) {
            for (String path : List.of("/pg/success", "/pg/fail")) {
                var url = new OrderIssuer.PgReturnUrl(publicUrl, path);
                for (int i = 0; i < 500; i++) {
                    String orderId = randomText(random, 6, 64);
                    String token = randomText(random, 1, 60);

                    assertThat(url.of(orderId, token))
                            .as("%s %s %s %s", publicUrl, path, orderId, token)
                            .isEqualTo(UriComponentsBuilder.fromUri(publicUrl)
                                    .path(path)
                                    .queryParam("orderId", orderId)
                                    .queryParam("token", token)
                                    .encode()
                                    .build()
                                    .toUriString());
                }
            }
        }
    }

    @Test
    void aRealIssuanceUrlNeedsNoEscaping() {
        var url = new OrderIssuer.PgReturnUrl(URI.create("https://pay.example.test"), "/pg/success");
        String token = new OrderTokens("a-secret").tokenFor("order_0001");

        assertThat(url.of("order_0001", token))
                .isEqualTo("https://pay.example.test/pg/success?orderId=order_0001&token=" + token);
    }

    @Test
    void orderLocationIsWhatTheBuilderMade() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            String orderId = randomText(random, 1, 64);

            assertThat(OrderController.orderUri(orderId))
                    .as(orderId)
                    .isEqualTo(UriComponentsBuilder.fromPath("/api/v1/orders/{orderId}")
                            .buildAndExpand(orderId)
                            .encode()
                            .toUri());
        }
    }

    /**
     * Mostly orderId and base64url characters, with some that need escaping in a query or a path. Never '{' or '}':
     * the replaced builder read those as a URI template; issuance's orderIds and tokens never contain them.
     */
    static String randomText(Random random, int min, int max) {
        String alphabet = "ABCXYZabcxyz0189_-" + " &=?/#%+:@!$'()*,;~.\"<>[]\\^`|" + "é한";
        int length = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
