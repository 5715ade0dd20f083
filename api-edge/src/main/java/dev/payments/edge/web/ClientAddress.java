package dev.payments.edge.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who a request comes from, for rate limiting: the connection's address, or, when the connection comes from one of
 * the configured trusted proxies, the right-most {@code X-Forwarded-For} address that is not a trusted proxy itself
 * (the left part of the header is written by the client and proves nothing). IPv6 clients are grouped by their /64
 * network, which one host usually owns whole. Only IP literals are ever parsed: no value from a request can trigger a
 * DNS look-up.
 */
final class ClientAddress {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
    private static final int MAX_FORWARDED_HOPS = 20;

    private final List<Range> trustedProxies;

    ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Range::parse).toList();
    }

    /** The key of the request's client: a normalised address (an IPv6 one as its /64 network). */
    String of(HttpServletRequest request) {
        InetAddress peer = literal(request.getRemoteAddr());
        if (peer == null) {
            return request.getRemoteAddr();
        }
        InetAddress client = peer;
        if (isTrusted(peer)) {
            for (String hop : forwardedHopsRightToLeft(request)) {
                InetAddress address = literal(hop);
                if (address == null) {
                    break; // garbage in the header: the last proxy we trust is the client we know
                }
                client = address;
                if (!isTrusted(address)) {
                    break;
                }
            }
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    private static List<String> forwardedHopsRightToLeft(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders(FORWARDED_FOR))) {
            Arrays.stream(header.split(",", -1)).map(String::strip).forEach(hops::add);
        }
        Collections.reverse(hops);
        return hops.size() > MAX_FORWARDED_HOPS ? hops.subList(0, MAX_FORWARDED_HOPS) : hops;
    }

    private static String key(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            Arrays.fill(bytes, 8, 16, (byte) 0);
            return literalOf(bytes) + "/64";
        }
        return address.getHostAddress();
    }

    private static String literalOf(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** The address written as {@code text}, or null when it is not an IPv4 or IPv6 literal. */
    static @Nullable InetAddress literal(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        var ipv4 = IPV4.matcher(value);
        if (ipv4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(ipv4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        if (value.indexOf(':') >= 0 && IPV6.matcher(value).matches()) {
            try {
                return InetAddress.getByName(value); // with a ':' Java parses it as an IPv6 literal, never a name
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    /** An address or a CIDR range, as configured in {@code trusted-proxies}. */
    record Range(byte[] network, int prefixLength) {

        static Range parse(String text) {
            String value = text.strip();
            int slash = value.indexOf('/');
            InetAddress address = literal(slash < 0 ? value : value.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException(
                        "payments.edge.rate-limit.trusted-proxies: not an IP address or CIDR range: " + value);
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException(
                        "payments.edge.rate-limit.trusted-proxies: bad prefix length in " + value);
            }
            return new Range(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
