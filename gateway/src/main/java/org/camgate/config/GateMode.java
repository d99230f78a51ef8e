package org.camgate.config;

/**
 * {@code always}: video always flows; {@code motion}: the gateway's own motion analysis opens the gate (and
 * any listed triggers); {@code triggers}: only the listed triggers open it.
 */
public enum GateMode { ALWAYS, MOTION, TRIGGERS }
