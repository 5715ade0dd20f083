package dev.payments.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class SingleWriteResponseFilterTest {

    @Test
    void theApplicationsFlushesDoNotCommitTheResponse() throws Exception {
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse out)
                    throws java.io.IOException {
                var http = (HttpServletResponse) out;
                http.setStatus(202);
                http.setContentType("application/json");
                http.getOutputStream().write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
                http.getOutputStream().flush();
                http.flushBuffer();
                // still open: a header set after the "flush" is sent with the answer
                http.setHeader("X-Late", "yes");
                assertThat(http.isCommitted()).isFalse();
            }
        };

        new SingleWriteResponseFilter().doFilter(new MockHttpServletRequest("POST", "/x"), response, chain);

        assertThat(response.isCommitted()).isFalse();
        assertThat(response.getStatus()).isEqualTo(202);
        assertThat(response.getHeader("X-Late")).isEqualTo("yes");
        assertThat(response.getContentAsString()).isEqualTo("{\"a\":1}");
    }
}
