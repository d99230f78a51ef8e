/** Retry timing: one exponential {@link org.camgate.common.retry.Backoff} policy for every reconnect. */
package org.camgate.common.retry;
