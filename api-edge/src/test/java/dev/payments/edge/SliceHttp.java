package dev.payments.edge;

import dev.payments.edge.EdgeHttp.Response;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * {@link EdgeHttp}'s requests sent through an MVC slice's {@link MockMvc}, answered as {@link Response}s, so that slice
 * tests read like the integration tests. Targets are taken as written (a URI, not a template to expand).
 */
public final class SliceHttp {

    private final MockMvc mvc;

    public SliceHttp(MockMvc mvc) {
        this.mvc = mvc;
    }

    public Response get(String pathAndQuery, String... headers) {
        return send(MockMvcRequestBuilders.get(URI.create(pathAndQuery)), headers);
    }

    public Response postJson(String path, String json, String... headers) {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    public Response post(String path, String contentType, byte[] body, String... headers) {
        return send(
                MockMvcRequestBuilders.post(URI.create(path))
                        .contentType(contentType)
                        .content(body),
                headers);
    }

    public Response delete(String path, String... headers) {
        return send(MockMvcRequestBuilders.delete(URI.create(path)), headers);
    }

    private Response send(MockHttpServletRequestBuilder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            Map<String, List<String>> answered = new LinkedHashMap<>();
            for (String name : response.getHeaderNames()) {
                answered.put(name, response.getHeaders(name));
            }
            return new Response(
                    response.getStatus(),
                    HttpHeaders.of(answered, (name, value) -> true),
                    response.getContentAsString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("the slice could not answer " + request, e);
        }
    }
}
