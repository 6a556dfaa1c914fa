package io.sockbuf.agent.probe.scenario;

import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.sockbuf.agent.probe.scenario.Sockets.LOOPBACK;

/**
 * The JDK's HttpClient against its HttpServer: prints {@code http-status <code> <body>} and
 * {@code ports http-server <port> 0}; the pooled connection stays open.
 */
final class HttpClientExchange {

    private HttpClientExchange() {
    }

    static void open(Sockets sockets) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        sockets.keep(() -> server.stop(0));
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("http-status " + response.statusCode() + " " + response.body());
        System.out.println("ports http-server " + server.getAddress().getPort() + " 0");
    }
}
