/** Durations ({@code 500ms 10s 5m 72h 30d}) and byte sizes ({@code 512KB 4MB 1GB}) in one written form. */
package org.camgate.common.units;
