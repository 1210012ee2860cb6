package io.ddbsync.opensearch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;

import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.indices.GetIndicesSettingsResponse;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

class EmbeddedOpenSearchTest {

    private static EmbeddedOpenSearch node;
    private static OpenSearchTransport transport;
    private static OpenSearchClient client;

    @BeforeAll
    static void startNode() {
        long t0 = System.nanoTime();
        node = EmbeddedOpenSearch.start();
        System.err.printf("embedded OpenSearch up at %s in %d ms%n", node.httpUri(),
                (System.nanoTime() - t0) / 1_000_000);
        URI uri = node.httpUri();
        transport = ApacheHttpClient5TransportBuilder
                .builder(new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()))
                .setMapper(new JacksonJsonpMapper())
                .build();
        client = new OpenSearchClient(transport);
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (transport != null) {
            transport.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void listensOnLoopbackOverHttp() throws IOException {
        assertThat(node.httpUri().getScheme()).isEqualTo("http");
        assertThat(node.httpUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(node.httpUri().getPort()).isPositive();
        assertThat(client.info().version().number()).isEqualTo("2.19.6");
    }

    @Test
    @SuppressWarnings("unchecked")
    void indexesAndReadsBackADocument() throws IOException {
        Map<String, Object> doc = Map.of("pk", "user#1", "name", "Ada", "version", 7);
        client.index(i -> i.index("docs").id("user#1").document(doc).refresh(Refresh.True));

        GetResponse<Map> got = client.get(g -> g.index("docs").id("user#1"), Map.class);

        assertThat(got.found()).isTrue();
        assertThat((Map<String, Object>) got.source())
                .containsEntry("pk", "user#1")
                .containsEntry("name", "Ada")
                .containsEntry("version", 7);
    }

    @Test
    void acceptsShortGcDeletes() throws IOException {
        client.indices().create(c -> c.index("gc").settings(s -> s.gcDeletes(t -> t.time("1s"))));
        client.indices().putSettings(p -> p.index("gc").settings(s -> s.gcDeletes(t -> t.time("2s"))));

        GetIndicesSettingsResponse settings = client.indices().getSettings(g -> g.index("gc"));

        assertThat(settings.get("gc").settings().index().gcDeletes().time()).isEqualTo("2s");
    }

    @Test
    void portInUseFailsNamingThePort() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = busy.getLocalPort();

            assertThatThrownBy(() -> EmbeddedOpenSearch.start(port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void sharedHonoursOpenSearchUrlProperty() {
        String previous = System.getProperty(SharedOpenSearch.URL_PROPERTY);
        try {
            System.setProperty(SharedOpenSearch.URL_PROPERTY, "http://example.invalid:9200");
            assertThat(SharedOpenSearch.uri()).isEqualTo(URI.create("http://example.invalid:9200"));
        } finally {
            if (previous == null) {
                System.clearProperty(SharedOpenSearch.URL_PROPERTY);
            } else {
                System.setProperty(SharedOpenSearch.URL_PROPERTY, previous);
            }
        }
    }
}
