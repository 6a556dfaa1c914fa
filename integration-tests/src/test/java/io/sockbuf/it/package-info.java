/**
 * Forked-JVM tests of the shaded agent with real libraries: each test starts a library app
 * ({@code io.sockbuf.it.app}) in a fresh JVM with {@code -javaagent:agent/target/sockbuf-agent.jar
 * -Dsockbuf.recv=24k -Dsockbuf.send=40k} on JDK 11, 17, 21 and 25 (the agent module's {@code Jdks}
 * matrix), keeps its connections open and checks every TCP/UDP socket that JVM owns, from inside
 * (getsockopt) and from the kernel (ss), plus the window scale chosen at the handshake as proof
 * that the receive buffer was there before connect/listen.
 *
 * <p>The JDK's own {@code HttpClient} against {@code com.sun.net.httpserver.HttpServer} is covered
 * by the agent module's {@code io.sockbuf.agent.it.HttpClientIT} (both ends of the pooled
 * connection sized, window scale 0, {@code jdk.httpclient.receiveBufferSize} wins), on the same
 * matrix; it is not repeated here.
 */
package io.sockbuf.it;
