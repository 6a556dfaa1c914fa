package io.sockbuf.bench;

import java.net.DatagramSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * UDP open+close in a plain loop, for benchmarks/floor.sh: {@code UdpOpenClose KIND N} with
 * KIND {@code channel}, {@code socket} (DatagramSocket), {@code channel-sets} or {@code socket-sets}
 * (the application sets both sizes itself through the JDK, 8192 each). Three warm-up loops of N/2, then five of N;
 * prints the fastest of the five in ns per open+close. Runs to a count, not for a time.
 */
public final class UdpOpenClose {

    private static final int SIZE = 8192;

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int n = Integer.parseInt(args[1]);
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            loop(kind, n / 2);
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            best = Math.min(best, loop(kind, n));
        }
        System.out.println(best / n);
    }

    private static long loop(String kind, int n) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (kind.startsWith("socket")) {
                DatagramSocket socket = new DatagramSocket();
                if (kind.equals("socket-sets")) {
                    socket.setReceiveBufferSize(SIZE);
                    socket.setSendBufferSize(SIZE);
                }
                socket.close();
            } else {
                DatagramChannel channel = DatagramChannel.open();
                if (kind.equals("channel-sets")) {
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, SIZE);
                    channel.setOption(StandardSocketOptions.SO_SNDBUF, SIZE);
                }
                channel.close();
            }
        }
        return System.nanoTime() - start;
    }
}
