package dev.payments.edge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

    @Test
    void withoutTrustedProxiesTheClientIsTheConnectionAndForwardedForIsIgnored() {
        var clients = new ClientAddress(List.of());

        assertThat(clients.of(request("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
    }

    @Test
    void behindATrustedProxyTheClientIsTheRightMostUntrustedForwardedAddress() {
        var clients = new ClientAddress(List.of("10.0.0.0/8"));

        assertThat(clients.of(request("10.1.2.3", "198.51.100.9, 10.0.0.5"))).isEqualTo("198.51.100.9");
        assertThat(clients.of(request("10.1.2.3", "6.6.6.6, 198.51.100.9")))
                .as("what the client wrote on the left proves nothing")
                .isEqualTo("198.51.100.9");
    }

    @Test
    void aMissingOrUnreadableForwardedForLeavesTheLastTrustedHopAsTheClient() {
        var clients = new ClientAddress(List.of("10.0.0.0/8"));

        assertThat(clients.of(request("10.1.2.3", null))).isEqualTo("10.1.2.3");
        assertThat(clients.of(request("10.1.2.3", "example.com"))).isEqualTo("10.1.2.3");
        assertThat(clients.of(request("10.1.2.3", "198.51.100.9, not-an-address, 10.0.0.5")))
                .isEqualTo("10.0.0.5");
    }

    @Test
    void anUntrustedConnectionCannotChooseItsBucketWithForwardedFor() {
        var clients = new ClientAddress(List.of("10.0.0.1"));

        assertThat(clients.of(request("10.0.0.2", "198.51.100.9"))).isEqualTo("10.0.0.2");
    }

    @Test
    void ipv6ClientsAreGroupedByTheirSlash64() {
        var clients = new ClientAddress(List.of());

        String first = clients.of(request("2001:db8:1:2:aaaa::1", null));
        String second = clients.of(request("2001:db8:1:2:bbbb::2", null));
        String otherNetwork = clients.of(request("2001:db8:1:3::1", null));

        assertThat(first).isEqualTo(second).endsWith("/64");
        assertThat(otherNetwork).isNotEqualTo(first);
    }

    @Test
    void onlyIpLiteralsAreEverParsedSoNoRequestCausesANameLookUp() {
        assertThat(ClientAddress.literal("localhost")).isNull();
        assertThat(ClientAddress.literal("abc.def")).isNull();
        assertThat(ClientAddress.literal("999.1.1.1")).isNull();
        assertThat(ClientAddress.literal("1.2.3")).isNull();
        assertThat(ClientAddress.literal("[2001:db8::1]")).isNotNull();
        assertThat(ClientAddress.literal("203.0.113.7")).isNotNull();
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressOrRangeIsAConfigurationError() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trusted-proxies");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static MockHttpServletRequest request(String remoteAddress, String forwardedFor) {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr(remoteAddress);
        if (forwardedFor != null) {
            request.addHeader(ClientAddress.FORWARDED_FOR, forwardedFor);
        }
        return request;
    }
}
