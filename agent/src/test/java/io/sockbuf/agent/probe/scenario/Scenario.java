package io.sockbuf.agent.probe.scenario;

/**
 * The scenarios of {@link io.sockbuf.agent.probe.SocketProbe}, by the name a test passes as the
 * probe's first argument. Each opens its sockets into {@link Sockets} and prints what they report
 * ({@link Measured}), or its own {@code <what> <value>} lines where it says so.
 */
public enum Scenario {
    SOCKET("socket", EveryKind::socket),
    SSL("ssl", EveryKind::ssl),
    NIO("nio", EveryKind::nio),
    ASYNC("async", EveryKind::async),
    UDP("udp", EveryKind::udp),
    ALL_KINDS_AT_ONCE("all-kinds-at-once", FirstUse::allKindsAtOnce),
    NIO_LISTENERS_AT_ONCE("nio-listeners-at-once", FirstUse::nioListenersAtOnce),
    NIO_LISTENER_REACH("nio-listener-reach", FirstUse::nioListenerReach),
    SOCKET_CLASSES_LOADED_FIRST("socket-classes-loaded-first", FirstUse::classesLoadedFirst),
    HTTP_CLIENT("httpclient", HttpClientExchange::open),
    LATE_APPLICATION_SET("late-app-set", ApplicationSizes::beforeConnect),
    SET_AFTER_CONNECT("set-after-connect", ApplicationSizes::afterConnect),
    SET_AFTER_CONNECT_EVERY_TIME("set-after-connect-every-time", ApplicationSizes::afterConnectEveryTime),
    WHO_SET_IT("who-set-it", ApplicationSizes::whoSetIt),
    MIXED_SETS("mixed-sets", ApplicationSizes::mixedSets),
    LATE_CLIENTS("late-clients", ApplicationSizes::lateClients),
    LATE_CLIENTS_AFTER_MANY_LISTENERS("late-clients-after-many-listeners", ApplicationSizes::lateClientsAfterManyListeners),
    APPLICATION_CONTRACT("application-contract", ApplicationContract::open),
    OWN_SIZES_ABOVE_THE_MINIMUM("own-sizes-above-the-minimum", OwnSizes::aboveTheMinimum),
    OWN_SIZES_BEFORE_ADDRESS_RULES("own-sizes-before-address-rules", OwnSizes::beforeAddressRules),
    BINDS("binds", OwnSizes::binds),
    CLIENT_ONLY("client-only", Connections::clientOnly),
    NEVER_CONNECTS("never-connects", Connections::neverConnects),
    TEN_CONNECTIONS("ten-connections", Connections::tenConnections),
    ONE_PORT_TWO_ADDRESSES("one-port-two-addresses", Connections::onePortTwoAddresses),
    TWO_SERVICES("two-services", Connections::twoServices),
    LOAD("load", sockets -> Load.run()),
    BUNDLED_BYTE_BUDDY("bundled-byte-buddy", BundledByteBuddy::open),
    IPV6_LOOPBACK("ipv6-loopback", Ipv6Loopback::open),
    UNIX_DOMAIN("unix-domain", UnixDomain::open),
    VIRTUAL_THREADS("virtual-threads", VirtualThreads::open),
    STDERR_TARGET("stderr-target", StderrTarget::open),
    INTERRUPTED_LOG_THREAD("interrupted-log-thread", InterruptedLogThread::open),
    FAKE_NETTY_THEN_SOCKET("fake-netty-then-socket", FakeNettyThenSocket::open);

    /** A scenario's body: plain JDK code that knows nothing of the agent. */
    public interface Opening {
        void open(Sockets sockets) throws Exception;
    }

    private final String argument;
    private final Opening opening;

    Scenario(String argument, Opening opening) {
        this.argument = argument;
        this.opening = opening;
    }

    public static Scenario named(String argument) {
        for (Scenario scenario : values()) {
            if (scenario.argument.equals(argument)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("no scenario " + argument);
    }

    public void open(Sockets sockets) throws Exception {
        opening.open(sockets);
    }
}
