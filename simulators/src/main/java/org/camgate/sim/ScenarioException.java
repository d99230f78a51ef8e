package org.camgate.sim;

/** A scenario file that cannot be used; the message names the key and line. */
public final class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }
}
