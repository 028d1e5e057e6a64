package org.mymodule.demo;

/** One row of a section's table: how long a step took natively, in pure Java and in a peer library. */
final class Timing {
    final String section;
    final String step;
    final double nativeSeconds;
    final double javaSeconds;
    final String peer;
    final double peerSeconds;

    Timing(String section, String step, double nativeSeconds, double javaSeconds, String peer, double peerSeconds) {
        this.section = section;
        this.step = step;
        this.nativeSeconds = nativeSeconds;
        this.javaSeconds = javaSeconds;
        this.peer = peer;
        this.peerSeconds = peerSeconds;
    }

    /** Pure Java time over native time, NaN when Java was not run. */
    double speedUp() {
        return javaSeconds / nativeSeconds;
    }

    /** Peer time over native time, NaN without a peer. */
    double peerRatio() {
        return peerSeconds / nativeSeconds;
    }
}
